package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.persistence.db.PostgresTuning.Host;
import chorus.persistence.db.PostgresTuning.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresTuningTest {
  private static final long GIB = 1024L * 1024 * 1024;
  /** The host the shipped files are written for. */
  private static final Host REFERENCE = new Host(32 * GIB, 8);

  @Test
  void aDedicatedLargeHostGivesTwoThirdsOfItsMemoryToCachesAndASmallOneAFifth() {
    assertThat(PostgresTuning.settings(Role.PRIMARY, REFERENCE, true))
        .containsEntry("shared_buffers", "21299MB")
        .containsEntry("effective_cache_size", "21299MB")
        .containsEntry("work_mem", "32MB")
        .containsEntry("autovacuum_work_mem", "1024MB");
    assertThat(PostgresTuning.settings(Role.PRIMARY, new Host(16 * GIB, 2), false))
        .containsEntry("shared_buffers", "3276MB")
        .containsEntry("work_mem", "8MB")
        .containsEntry("maintenance_work_mem", "512MB");
    assertThat(PostgresTuning.settings(Role.REPLICA, new Host(4 * GIB, 2), false))
        .containsEntry("autovacuum_work_mem", "256MB");
  }

  @Test
  void onlyAWriterWithReplicasGetsTheLargerWorkMemAndOnlyAStandbyTheStandbySettings() {
    assertThat(PostgresTuning.settings(Role.PRIMARY, REFERENCE, false)).containsEntry("work_mem", "16MB")
        .doesNotContainKey("hot_standby_feedback");
    assertThat(PostgresTuning.settings(Role.REPLICA, REFERENCE, false)).containsEntry("work_mem", "16MB")
        .containsEntry("hot_standby", "on").containsEntry("hot_standby_feedback", "on");
  }

  @Test
  void parallelWorkersFollowTheCoresAndNeverDropBelowPostgresDefaultWorkerCount() {
    assertThat(PostgresTuning.settings(Role.PRIMARY, new Host(8 * GIB, 2), false))
        .containsEntry("max_worker_processes", "8")
        .containsEntry("max_parallel_workers", "2")
        .containsEntry("max_parallel_workers_per_gather", "1");
    assertThat(PostgresTuning.settings(Role.PRIMARY, new Host(8 * GIB, 16), false))
        .containsEntry("max_worker_processes", "16")
        .containsEntry("max_parallel_maintenance_workers", "8");
  }

  @Test
  void sharingAHostSplitsItsMemoryButNotItsCores() {
    assertThat(new Host(24 * GIB, 2).sharedBy(3)).isEqualTo(new Host(8 * GIB, 2));
    assertThatThrownBy(() -> new Host(GIB, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** What operators apply and what developers run must not drift apart. */
  @Test
  void theShippedFilesHoldExactlyTheseSettingsForTheHostTheyAreWrittenFor() throws IOException {
    assertThat(conf("primary.conf")).containsAllEntriesOf(PostgresTuning.settings(Role.PRIMARY, REFERENCE, true));
    assertThat(conf("replica.conf")).containsAllEntriesOf(PostgresTuning.settings(Role.REPLICA, REFERENCE, false));
    assertThat(conf("replica.conf").get("max_connections")).isEqualTo(conf("primary.conf").get("max_connections"));
  }

  private static Map<String, String> conf(String name) throws IOException {
    Map<String, String> settings = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("..", "deploy", "postgresql", name))) {
      String setting = line.strip();
      if (setting.isEmpty() || setting.startsWith("#")) {
        continue;
      }
      String[] parts = setting.split("=", 2);
      assertThat(parts).as("a setting line: %s", line).hasSize(2);
      assertThat(settings.put(parts[0].strip(), parts[1].strip())).as("set twice: %s", parts[0]).isNull();
    }
    return settings;
  }
}
