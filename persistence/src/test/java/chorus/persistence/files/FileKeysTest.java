package chorus.persistence.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FileKeysTest {
  @Test
  void uploadKeysFollowMattermostsLayoutWithASafeName() {
    String key = FileKeys.upload(Instant.parse("2026-11-27T10:00:00Z"), "c1", "u1", "f1", "../../etc/pass wd");

    assertThat(key).isEqualTo("20261127/teams/noteam/channels/c1/users/u1/f1/.._.._etc_pass_wd");
    assertThat(FileKeys.requireSafe(key)).isEqualTo(key);
    assertThat(FileKeys.thumbnail("a/b/photo.png")).isEqualTo("a/b/photo_thumb.jpg");
    assertThat(FileKeys.preview("a/b/photo")).isEqualTo("a/b/photo_preview.jpg");
  }

  @Test
  void namesThatAreOnlyDotsOrNothingBecomeFile() {
    assertThat(FileKeys.safeSegment("..")).isEqualTo("file");
    assertThat(FileKeys.safeSegment(".")).isEqualTo("file");
    assertThat(FileKeys.safeSegment("")).isEqualTo("file");
    assertThat(FileKeys.safeSegment(null)).isEqualTo("file");
    assertThat(FileKeys.safeSegment("a\\b\u0000c")).isEqualTo("a_b_c");
    assertThat(FileKeys.safeSegment("x".repeat(300))).hasSize(128);
  }

  @Test
  void keysThatCouldEscapeAreRefused() {
    for (String bad : new String[] {"..", "a/..", "/a", "a\\b", "a//b", "a/./b", "a/\u0001"}) {
      assertThatThrownBy(() -> FileKeys.requireSafe(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
