package chorus.node.jobs;

import static chorus.node.jobs.DataRetentionTest.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import chorus.protocol.ids.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A compliance export whose worker died mid-run, through the real worker, runner, file store and
 * download route: the job is taken over after its lease, exports the window the dead worker had
 * fixed, and the next export starts where it ended, so each post is exported exactly once.
 */
class ExportReclaimTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin(Map.of(
      "MM_JOBSETTINGS_RUNSCHEDULER", "false",
      "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "100",
      "MM_JOBSETTINGS_LEASEMILLISECONDS", "1500",
      "MM_MESSAGEEXPORTSETTINGS_ENABLEEXPORT", "true",
      "MM_MESSAGEEXPORTSETTINGS_EXPORTFORMAT", "csv",
      "MM_MESSAGEEXPORTSETTINGS_BATCHSIZE", "2"));

  @Test
  void anExportTakenOverFromADeadWorkerHoldsEachPostOnceAndTheNextStartsWhereItEnded() throws Exception {
    ApiClient admin = node.admin();
    String channelId = admin.createChannel(admin.createTeam("export").path("id").asText(), "export").path("id").asText();
    List<String> postIds = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      postIds.add(admin.createPost(channelId, "exported " + i).path("id").asText());
    }
    long end = System.currentTimeMillis() + 1;
    String id = new Ids().next();
    // A worker on a node that then died claimed the job and fixed its window before it stopped.
    sql(node.node(), "insert into jobs (id, type, create_at, start_at, last_activity_at, status, progress, data, worker_node,"
        + " lease_expires_at, fence) values (?, 'message_export', ?, ?, ?, 'in_progress', 30,"
        + " cast(? as jsonb), 'ghost', (extract(epoch from clock_timestamp()) * 1000)::bigint + 1000, 3)",
        id, end, end, end, "{\"start_time\": \"0\", \"end_time\": \"" + end + "\", \"export_format\": \"csv\"}");

    await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/jobs/" + id).body().path("status").asText().equals("success"));
    JsonNode job = admin.get("/jobs/" + id).body();
    List<String> first = exportedPostIds(id);

    assertThat(job.path("data").path("end_time").asLong()).isEqualTo(end);
    assertThat(first).containsAll(postIds);
    assertThat(first).doesNotHaveDuplicates();

    String next = admin.post("/jobs", Map.of("type", "message_export")).body().path("id").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/jobs/" + next).body().path("status").asText().equals("success"));
    assertThat(admin.get("/jobs/" + next).body().path("data").path("start_time").asLong()).isEqualTo(end);
    assertThat(exportedPostIds(next)).doesNotContainAnyElementsOf(postIds);
  }

  /** The Post Id column of every creation row of the job's posts.csv. */
  private static List<String> exportedPostIds(String jobId) throws IOException {
    HttpResponse<byte[]> zip = node.admin().getBytes("/jobs/" + jobId + "/download");
    assertThat(zip.statusCode()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (!entry.getName().equals("posts.csv")) {
          continue;
        }
        String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n");
        List<String> header = List.of(lines[0].split(","));
        int postId = header.indexOf("Post Id");
        int type = header.indexOf("Post Type");
        for (int i = 1; i < lines.length; i++) {
          String[] cells = lines[i].split(",", -1);
          if (cells.length > Math.max(postId, type) && !cells[type].equals("edit") && !cells[type].contains("attachment")
              && !cells[type].startsWith("delete")) {
            ids.add(cells[postId]);
          }
        }
      }
    }
    return ids;
  }
}
