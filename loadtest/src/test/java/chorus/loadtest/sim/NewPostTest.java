package chorus.loadtest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewPostTest {
  private static final String USER_ID = "abcdefghijklmnopqrstuvwxyz";

  @Test
  void everyPostCarriesAPendingPostIdOfItsUserWithinTheNodesLimit() {
    Object pending = NewPost.body(USER_ID, "channel", "hello", Long.MAX_VALUE).get("pending_post_id");

    assertThat(pending).asString().startsWith(USER_ID + ":");
    // PostService.MAX_PENDING_POST_ID_LENGTH: a longer id is a 400.
    assertThat(pending.toString().length()).isLessThanOrEqualTo(64);
  }

  @Test
  void postsOfOneUserInTheSameMillisecondAreNotTakenForRetries() {
    Set<Object> ids = new HashSet<>();
    for (long n = 0; n < 1_000; n++) {
      ids.add(NewPost.body(USER_ID, "channel", "hello", n).get("pending_post_id"));
    }
    assertThat(ids).hasSize(1_000);
  }
}
