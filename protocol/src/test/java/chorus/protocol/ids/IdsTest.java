package chorus.protocol.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void idsFromManyThreadsAreWellFormedAndNeverRepeat() throws Exception {
    Ids ids = new Ids();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(t -> threads.submit(() -> {
        for (int i = 0; i < 2_000; i++) {
          String id = ids.next();
          assertThat(Ids.isValid(id)).as(id).isTrue();
          assertThat(seen.add(id)).as("repeated %s", id).isTrue();
        }
      })).toList();
      for (Future<?> thread : done) {
        thread.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(seen).hasSize(16_000);
  }
}
