package chorus.loadtest.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostStampTest {

  @Test
  void aStampedMessageGivesBackItsSendTime() {
    assertThat(PostStamp.sentNanos(PostStamp.message(123456789L, "hello: world"))).isEqualTo(123456789L);
  }

  @Test
  void anyOtherMessageHasNoStamp() {
    assertThat(PostStamp.sentNanos("hello")).isEqualTo(-1);
    assertThat(PostStamp.sentNanos("lt:notanumber:x")).isEqualTo(-1);
    assertThat(PostStamp.sentNanos(null)).isEqualTo(-1);
  }
}
