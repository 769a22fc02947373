package chorus.persistence.files;

import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Tells a failure of the caller's data stream (a size limit hit, a client that went away) from
 * a failure of the storage itself. The stores tag the data they are given; whatever comes back
 * tagged is the caller's and is handed back unchanged, anything else is the store's.
 */
final class StreamFailures {
  private StreamFailures() {}

  static <M> Source<ByteString, M> tagged(Source<ByteString, M> data) {
    return data.mapError(new PFBuilder<Throwable, Throwable>().matchAny(UpstreamFailure::new).build());
  }

  /** The caller's own failure somewhere in {@code failure}'s causes, or null if the store failed. */
  static Throwable upstreamCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UpstreamFailure tag) {
        return tag.getCause();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static final class UpstreamFailure extends RuntimeException {
    UpstreamFailure(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
