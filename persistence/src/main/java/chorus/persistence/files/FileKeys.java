package chorus.persistence.files;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Storage keys, laid out as Mattermost lays them out
 * ({@code <yyyyMMdd>/teams/noteam/channels/<channel>/users/<user>/<file id>/<name>}), so a
 * bucket or directory reads the same to an operator who knows Mattermost. The client-supplied
 * name is reduced to a safe segment here: whatever a client sends ({@code ../../etc/passwd},
 * {@code a\b}, NUL bytes) can never leave the file's own directory.
 */
public final class FileKeys {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int MAX_SEGMENT = 128;

  private FileKeys() {}

  public static String upload(Instant at, String channelId, String userId, String fileId, String fileName) {
    return DAY.format(at) + "/teams/noteam/channels/" + channelId + "/users/" + userId + "/" + fileId + "/" + safeSegment(fileName);
  }

  /** The thumbnail and preview sit next to the file, named after it as Mattermost names them. */
  public static String thumbnail(String key) {
    return withoutExtension(key) + "_thumb.jpg";
  }

  public static String preview(String key) {
    return withoutExtension(key) + "_preview.jpg";
  }

  /** A name usable as one path segment: only [A-Za-z0-9._-], never "." or "..", never empty. */
  public static String safeSegment(String name) {
    String cleaned = UNSAFE.matcher(name == null ? "" : name).replaceAll("_");
    if (cleaned.length() > MAX_SEGMENT) {
      cleaned = cleaned.substring(cleaned.length() - MAX_SEGMENT);
    }
    if (cleaned.isEmpty() || cleaned.chars().allMatch(c -> c == '.')) {
      return "file";
    }
    return cleaned;
  }

  /**
   * Rejects keys that could escape a store's root: absolute, empty segments, "." or "..",
   * backslashes or control characters. Keys are built by this class, so a rejection is a bug.
   */
  public static String requireSafe(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/") || key.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("unsafe storage key: " + key);
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.chars().anyMatch(c -> c < 0x20)) {
        throw new IllegalArgumentException("unsafe storage key: " + key);
      }
    }
    return key;
  }

  private static String withoutExtension(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    return dot > slash + 1 ? key.substring(0, dot) : key;
  }
}
