package chorus.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OutboxTest {
  @Test
  void pastItsBoundADroppableFrameDropsTheOldestUnstartedOneNeverTheOneBeingWritten() {
    Outbox outbox = new Outbox(3);
    ByteBuffer started = frame(1);
    outbox.add(started, true);
    outbox.add(frame(2), true);
    outbox.add(frame(3), true);
    started.position(2); // the socket took part of it

    outbox.add(frame(4), true);

    assertThat(outbox.size()).isEqualTo(3);
    assertThat(drain(outbox)).containsExactly(1, 3, 4);
  }

  @Test
  void aFrameThatMustGoOutIsQueuedBeyondTheBound() {
    Outbox outbox = new Outbox(2);
    outbox.add(frame(1), true);
    outbox.add(frame(2), true);
    outbox.add(frame(3), false);
    assertThat(drain(outbox)).containsExactly(1, 2, 3);
  }

  private static ByteBuffer frame(int id) {
    return ByteBuffer.wrap(new byte[] {(byte) id, 0, 0, 0});
  }

  private static java.util.List<Integer> drain(Outbox outbox) {
    java.util.List<Integer> ids = new java.util.ArrayList<>();
    for (ByteBuffer next = outbox.next(); next != null; next = outbox.next()) {
      ids.add((int) next.get(0));
      outbox.written();
    }
    return ids;
  }
}
