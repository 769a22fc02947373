package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RateLimitSettings on a real node over HTTP: a burst above MaxBurst is a 429 in Mattermost's
 * error shape with the X-RateLimit headers, each user (session token) has a bucket of its own,
 * the health check is never limited, and Enable=false limits nothing. Before this change the
 * settings were parsed and ignored: every one of these requests got through.
 */
class RateLimitTest {
  private static final int MAX_BURST = 20;
  private static final int LIMIT = MAX_BURST + 1;
  private static final int GIVE_UP_AFTER = 500;

  private static TestNode node;

  @BeforeAll
  static void start() {
    // One token a second: a test's requests cannot refill the bucket by much while they run.
    // Sign-ups and logins carry no token, so they share the loopback address's bucket; three
    // tests' four such requests each stay well inside it.
    node = TestNode.start(Map.of(
        "MM_RATELIMITSETTINGS_ENABLE", "true",
        "MM_RATELIMITSETTINGS_PERSEC", "1",
        "MM_RATELIMITSETTINGS_MAXBURST", Integer.toString(MAX_BURST),
        "MM_RATELIMITSETTINGS_VARYBYUSER", "true",
        "MM_RATELIMITSETTINGS_VARYBYREMOTEADDR", "true"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  /** Sends {@code GET /users/me} until the first 429; returns every response, the 429 last. */
  private static List<Response> untilRefused(ApiClient client) {
    List<Response> responses = new ArrayList<>();
    for (int i = 0; i < GIVE_UP_AFTER; i++) {
      Response response = client.get("/users/me");
      responses.add(response);
      if (response.status() == 429) {
        return responses;
      }
    }
    throw new AssertionError("no 429 after " + GIVE_UP_AFTER + " requests");
  }

  @Test
  void aBurstAboveMaxBurstIsRefusedInMattermostsShapeWithTheHeaders() {
    ApiClient alice = node.client();
    alice.signUp("alice");

    List<Response> responses = untilRefused(alice);
    List<Response> allowed = responses.subList(0, responses.size() - 1);
    Response refused = responses.get(responses.size() - 1);

    assertThat(allowed.size()).as("requests let through before the first 429").isGreaterThanOrEqualTo(LIMIT);
    assertThat(allowed).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(allowed.get(0).header("X-RateLimit-Limit")).isEqualTo(Integer.toString(LIMIT));
    assertThat(allowed.get(0).header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 1));
    assertThat(allowed.get(0).header("X-RateLimit-Reset")).isNotNull();
    assertThat(allowed.get(0).header("Retry-After")).isNull();

    assertError(refused, 429, "api.context.rate_limit_exceeded.app_error");
    assertThat(refused.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(LIMIT));
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(Integer.parseInt(refused.header("X-RateLimit-Reset"))).isPositive();
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
    // Mattermost's own response headers are on the 429 too.
    assertThat(refused.header("X-Version-Id")).isNotBlank();
  }

  @Test
  void eachUserHasABucketOfTheirOwn() {
    ApiClient alice = node.client();
    alice.signUp("alice");
    ApiClient bob = node.client();
    bob.signUp("bob");

    untilRefused(alice);
    Response bobs = bob.get("/users/me");

    assertThat(bobs.status()).as("bob, after alice was refused").isEqualTo(200);
    assertThat(Integer.parseInt(bobs.header("X-RateLimit-Remaining"))).isEqualTo(LIMIT - 1);
  }

  @Test
  void theHealthCheckIsNeverLimited() {
    ApiClient alice = node.client();
    alice.signUp("alice");
    untilRefused(alice);

    for (int i = 0; i < LIMIT + 5; i++) {
      Response ping = alice.get("/system/ping");
      assertThat(ping.status()).as("ping %d with a refused token", i + 1).isEqualTo(200);
      assertThat(ping.header("X-RateLimit-Limit")).isNull();
    }
  }

  @Test
  void disabledLimitsNothing() {
    try (TestNode unlimited = TestNode.start(Map.of(
        "MM_RATELIMITSETTINGS_ENABLE", "false",
        "MM_RATELIMITSETTINGS_PERSEC", "1",
        "MM_RATELIMITSETTINGS_MAXBURST", "1"))) {
      ApiClient carol = unlimited.client();
      carol.signUp("carol");

      for (int i = 0; i < 30; i++) {
        Response response = carol.get("/users/me");
        assertThat(response.status()).as("request %d", i + 1).isEqualTo(200);
        assertThat(response.header("X-RateLimit-Limit")).isNull();
      }
    }
  }
}
