package chorus.node;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.config.LogSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** LogSettings decide where log lines go and from which level. */
class LogSetupTest {
  private final Logger log = LoggerFactory.getLogger("chorus.test.LogSetupTest");

  @AfterEach
  void restoreConsoleLogging() {
    LogSetup.apply(new LogSettings(true, "INFO", false, false, "INFO", ""), Path.of("."));
  }

  @Test
  void fileLoggingWritesAtItsOwnLevelUnderTheDataDirectory(@TempDir Path dataDir) throws Exception {
    LogSetup.apply(new LogSettings(true, "ERROR", false, true, "DEBUG", ""), dataDir);

    log.debug("a debug line for the file");
    log.trace("a trace line for nobody");

    Path file = dataDir.resolve("logs").resolve("chorus.log");
    assertThat(Files.readString(file)).contains("a debug line for the file").doesNotContain("a trace line");
  }

  @Test
  void anExplicitFileLocationIsUsed(@TempDir Path location) throws Exception {
    LogSetup.apply(new LogSettings(false, "INFO", false, true, "WARN", location.toString()), Path.of("unused"));

    log.info("an info line below the file level");
    log.warn("a warning for the file");

    assertThat(Files.readString(location.resolve("chorus.log"))).contains("a warning for the file").doesNotContain("an info line");
  }
}
