package chorus.persistence.files;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The file-store half of the deep health check: writes a small object, reads it back,
 * compares and deletes it. Only a store that does all three within the deadline is healthy;
 * a store that is reachable but read-only or full is not.
 */
public final class FileStoreProbe {
  private final FileStore store;
  private final ActorSystem<?> system;
  private final Duration timeout;

  public FileStoreProbe(FileStore store, ActorSystem<?> system, Duration timeout) {
    this.store = store;
    this.system = system;
    this.timeout = timeout;
  }

  public CompletionStage<Boolean> healthy() {
    String key = "chorus-health-check/" + UUID.randomUUID() + ".txt";
    ByteString payload = ByteString.fromString("chorus file store check " + key);
    return store.write(key, Source.single(payload), "text/plain")
        .thenCompose(written -> store.read(key).runFold(ByteString.emptyByteString(), ByteString::concat, system))
        .thenCompose(read -> store.delete(key).thenApply(deleted -> read.equals(payload)))
        .toCompletableFuture()
        .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> false);
  }
}
