package chorus.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriteTest {
  @TempDir Path dir;

  @Test
  void aReaderOfTheOldFileKeepsReadingAllOfItWhileTheNewOneReplacesIt() throws Exception {
    Path file = dir.resolve("config.json");
    String old = "{\"TeamSettings\": {\"SiteName\": \"" + "old ".repeat(2000) + "\"}}";
    Files.writeString(file, old);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    try (InputStream reader = Files.newInputStream(file)) {
      byte[] start = reader.readNBytes(10);
      AtomicFileWrite.write(file, "{\"TeamSettings\": {\"SiteName\": \"new\"}}".getBytes(StandardCharsets.UTF_8));

      // Written in place, the rest of this read would be the new content or nothing: a torn file.
      assertThat(new String(start, StandardCharsets.UTF_8) + new String(reader.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(old);
    }
    assertThat(Files.readString(file)).isEqualTo("{\"TeamSettings\": {\"SiteName\": \"new\"}}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(file);
    }
  }
}
