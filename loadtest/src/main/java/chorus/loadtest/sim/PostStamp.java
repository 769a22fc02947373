package chorus.loadtest.sim;

/**
 * Post messages carry the sender's {@link System#nanoTime()} so every receiving client in the
 * same JVM measures publish→deliver latency without a shared table of pending posts.
 */
public final class PostStamp {
  private static final String PREFIX = "lt:";

  private PostStamp() {}

  public static String message(long sentNanos, String text) {
    return PREFIX + sentNanos + ":" + text;
  }

  /** The stamp of a message built by {@link #message}, or -1 for any other message. */
  public static long sentNanos(String message) {
    if (message == null || !message.startsWith(PREFIX)) {
      return -1;
    }
    int end = message.indexOf(':', PREFIX.length());
    try {
      return Long.parseLong(message.substring(PREFIX.length(), end < 0 ? message.length() : end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
