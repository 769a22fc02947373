package chorus.persistence.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every {@link FileStore} must do, run against each driver on a real backend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FileStoreContract {
  /** One per test class: classes run in parallel. */
  ActorSystem<Void> system;

  abstract FileStore store();

  /** True if nothing at all (object, pending upload, temporary file) remains under the key. */
  abstract boolean nothingUnder(String key) throws Exception;

  @BeforeAll
  void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "files-" + UUID.randomUUID().toString().substring(0, 8),
        ConfigFactory.parseString("pekko.actor.provider = local\npekko.fail-mixed-versions = off\n"
            + "pekko.http.host-connection-pool { max-retries = 0, max-connection-backoff = 2s }").withFallback(ConfigFactory.load()));
  }

  @AfterAll
  void stopSystem() {
    system.terminate();
  }

  static String key(String name) {
    return "20260101/teams/noteam/channels/c/users/u/" + UUID.randomUUID().toString().replace("-", "") + "/" + name;
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  /** Chunks like an HTTP request body arrives, rather than one big ByteString. */
  static Source<ByteString, ?> chunked(byte[] bytes) {
    int chunk = 64 * 1024;
    return Source.range(0, (bytes.length - 1) / chunk)
        .map(i -> ByteString.fromArray(bytes, i * chunk, Math.min(chunk, bytes.length - i * chunk)));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  ByteString readAll(String key) throws Exception {
    return await(store().read(key).runFold(ByteString.emptyByteString(), ByteString::concat, system));
  }

  @Test
  void writesAndReadsBackAFileLargerThanOneUploadPart() throws Exception {
    byte[] bytes = randomBytes(6 * 1024 * 1024 + 123);
    String key = key("big.bin");

    long written = await(store().write(key, chunked(bytes), "application/octet-stream"));

    assertThat(written).isEqualTo(bytes.length);
    assertThat(readAll(key).toArray()).isEqualTo(bytes);
  }

  @Test
  void aFailedDataStreamLeavesNothingAndFailsWithTheCallersOwnError() throws Exception {
    byte[] bytes = randomBytes(6 * 1024 * 1024);
    String key = key("too-big.bin");

    CompletionStage<Long> write = store().write(key, chunked(bytes).limitWeighted(1024 * 1024, chunk -> (long) chunk.size()), "application/octet-stream");

    assertThatThrownBy(() -> await(write)).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StreamLimitReachedException.class);
    assertThat(nothingUnder(key)).isTrue();
    assertThatThrownBy(() -> readAll(key)).hasCauseInstanceOf(FileStoreException.class);
  }

  @Test
  void deleteRemovesAndDeletingTwiceIsFine() throws Exception {
    String key = key("note.txt");
    await(store().write(key, Source.single(ByteString.fromString("hello")), "text/plain"));
    assertThat(readAll(key).utf8String()).isEqualTo("hello");

    await(store().delete(key));
    await(store().delete(key));

    assertThat(nothingUnder(key)).isTrue();
  }

  @Test
  void keysThatCouldEscapeAreRefused() {
    for (String bad : new String[] {"../x", "/etc/passwd", "a/../../b", "a\\b", "a//b", ""}) {
      assertThatThrownBy(() -> store().read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theProbeWritesReadsAndDeletes() throws Exception {
    assertThat(await(new FileStoreProbe(store(), system, Duration.ofSeconds(10)).healthy())).isTrue();
  }
}
