package chorus.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonPoolTest {
  /** The nodes the suite starts in this JVM must not start a thread per completion (the build sets the pool's parallelism). */
  @Test
  void completionsRunOnThePoolNotOnNewThreads() {
    assertThat(CommonPool.startsThreadPerTask()).isFalse();
  }
}
