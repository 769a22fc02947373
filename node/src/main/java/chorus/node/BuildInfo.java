package chorus.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Chorus build this node runs, stamped into the jar by Maven resource filtering. */
final class BuildInfo {
  private BuildInfo() {}

  static String buildNumber() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("/chorus-build.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return "chorus-" + properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
