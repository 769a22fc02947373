package chorus.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserErrorsTest {
  /**
   * Pekko builds a handler for every connection, and an idle WebSocket keeps its handler: one
   * that built its own JSON mapper held about 6 KB per socket. Allocation is counted for this
   * thread by the JVM, so the figure does not depend on timing or other threads.
   */
  @Test
  void aHandlerBuiltPerConnectionHoldsAlmostNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    List<ParserErrors> handlers = new ArrayList<>(1_000);
    new ParserErrors();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 1_000; i++) {
      handlers.add(new ParserErrors());
    }
    long perHandler = (threads.getThreadAllocatedBytes(thread) - before) / handlers.size();

    assertThat(perHandler).isLessThan(128);
  }
}
