package chorus.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  private static final String ID = "abcdefghijklmnopqrstuvwxyz";

  @Test
  void idsBecomeOnePlaceholderAndRouteWordsStay() {
    assertThat(RouteTemplates.of("/api/v4/channels/" + ID + "/posts", 200)).isEqualTo("/api/v4/channels/{id}/posts");
    assertThat(RouteTemplates.of("/api/v4/users/me/teams/" + ID + "/channels", 200)).isEqualTo("/api/v4/users/me/teams/{id}/channels");
    assertThat(RouteTemplates.of("/api/v4/system/ping", 200)).isEqualTo("/api/v4/system/ping");
  }

  /** A client must not be able to mint a new series per request. */
  @Test
  void madeUpSegmentsAndUnansweredPathsCreateNoNewLabels() {
    assertThat(RouteTemplates.of("/api/v4/users/anything-at-all", 400)).isEqualTo("/api/v4/users/{id}");
    assertThat(RouteTemplates.of("/api/v4/users/something-else", 400)).isEqualTo("/api/v4/users/{id}");
    assertThat(RouteTemplates.of("/wp-admin/setup.php", 404)).isEqualTo("unknown");
    assertThat(RouteTemplates.of("/api/v4/users/x", 405)).isEqualTo("unknown");
    assertThat(RouteTemplates.of("/a/b/c/d/e/f/g/h/i/j/k", 400)).isEqualTo("unknown");
  }
}
