package chorus.persistence.files;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Where file bytes live: a directory every node mounts ({@link LocalFileStore}) or an S3 bucket
 * ({@link S3FileStore}). Every operation streams, so no file is ever held whole in memory, and
 * a key is a relative, '/'-separated path checked by {@link FileKeys#requireSafe}.
 *
 * <p>Infrastructure failures (disk, network, S3 errors) fail the returned stage with a
 * {@link FileStoreException}; a failure of the caller's own {@code data} stream (a client that
 * went away, a size limit) fails it with that failure, unchanged, so callers can tell them apart.
 */
public interface FileStore {
  /**
   * Stores {@code data} under {@code key} and completes with the number of bytes once they are
   * durable and readable by every node. If the stage fails, nothing is readable under the key.
   */
  CompletionStage<Long> write(String key, Source<ByteString, ?> data, String contentType);

  /** The stored bytes; the source fails with a {@link FileStoreException} if there are none. */
  Source<ByteString, ?> read(String key);

  /** Removes the key; removing a key that is not there succeeds. */
  CompletionStage<Done> delete(String key);

  /** For logs and error details: which driver, where. Never contains credentials. */
  String describe();
}
