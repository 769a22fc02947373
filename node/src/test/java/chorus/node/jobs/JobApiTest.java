package chorus.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs API on a node that runs no jobs (RunJobs=false, RunScheduler=false): what is created
 * stays pending, so shapes, permissions, paging and cancel are seen without a worker racing.
 */
class JobApiTest {
  private static TestNode node;
  private static ApiClient admin;
  private static ApiClient user;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("MM_JOBSETTINGS_RUNJOBS", "false", "MM_JOBSETTINGS_RUNSCHEDULER", "false",
        "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "100"));
    admin = node.client();
    admin.signUp("admin"); // the first account is the system admin
    user = node.client();
    user.signUp("user");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Mattermost's "Synchronize now": a pending ldap_sync job (no worker runs here, so it stays pending). */
  @Test
  void ldapSyncNowCreatesAnLdapSyncJobForSystemAdminsOnly() {
    int before = admin.get("/jobs/type/ldap_sync").body().size();

    Response refused = user.post("/ldap/sync", Map.of());
    Response accepted = admin.post("/ldap/sync", Map.of());

    assertThat(refused.status()).isEqualTo(403);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.body().path("status").asText()).isEqualTo("OK");
    JsonNode jobs = admin.get("/jobs/type/ldap_sync").body();
    assertThat(jobs.size()).isEqualTo(before + 1);
    assertThat(jobs.get(0).path("status").asText()).isEqualTo("pending");
  }

  @Test
  void onlySystemAdminsMayUseJobs() {
    assertThat(node.client().get("/jobs").status()).isEqualTo(401);
    assertThat(node.client().post("/jobs", Map.of("type", "data_retention")).status()).isEqualTo(401);
    for (Response r : List.of(user.get("/jobs"), user.post("/jobs", Map.of("type", "data_retention")),
        user.get("/jobs/type/data_retention"), user.get("/jobs/" + "a".repeat(26)), user.post("/jobs/" + "a".repeat(26) + "/cancel", Map.of()),
        user.get("/jobs/" + "a".repeat(26) + "/download"))) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.errorId()).isEqualTo("api.context.permissions.app_error");
    }
  }

  @Test
  void aCreatedJobHasMattermostsShapeAndIsListed() {
    Response created = admin.post("/jobs", Map.of("type", "data_retention", "data", Map.of("note", "x")));
    assertThat(created.status()).isEqualTo(201);
    JsonNode job = created.body();
    assertThat(job.fieldNames()).toIterable().containsExactlyInAnyOrder(
        "id", "type", "priority", "create_at", "start_at", "last_activity_at", "status", "progress", "data");
    assertThat(job.path("type").asText()).isEqualTo("data_retention");
    assertThat(job.path("status").asText()).isEqualTo("pending");
    assertThat(job.path("create_at").asLong()).isPositive();
    assertThat(job.path("data").path("note").asText()).isEqualTo("x");
    String id = job.path("id").asText();

    assertThat(admin.get("/jobs/" + id).body().path("id").asText()).isEqualTo(id);
    assertThat(ApiClient.find(admin.get("/jobs?page=0&per_page=200").body(), "id", id)).isPresent();
    assertThat(ApiClient.find(admin.get("/jobs/type/data_retention?per_page=200").body(), "id", id)).isPresent();
    assertThat(ApiClient.find(admin.get("/jobs/type/ldap_sync").body(), "id", id)).isEmpty();
    assertThat(ApiClient.find(admin.get("/jobs?job_type=data_retention&status=pending&per_page=200").body(), "id", id)).isPresent();
    assertThat(admin.get("/jobs?page=0&per_page=1").body()).hasSize(1);
  }

  @Test
  void badInputIsA400AndAMissingJobA404() {
    Response unknown = admin.post("/jobs", Map.of("type", "elasticsearch_post_indexing"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorId()).isEqualTo("model.job.is_valid.type.app_error");
    assertThat(unknown.body().fieldNames()).toIterable()
        .contains("id", "message", "detailed_error", "request_id", "status_code");
    assertThat(admin.post("/jobs", Map.of("data", Map.of())).status()).isEqualTo(400);
    assertThat(admin.post("/jobs", Map.of("type", "data_retention", "data", Map.of("n", 1))).status()).isEqualTo(400);
    assertThat(admin.get("/jobs/type/nope").status()).isEqualTo(400);
    assertThat(admin.get("/jobs?status=nope").status()).isEqualTo(400);
    assertThat(admin.get("/jobs/not-an-id").status()).isEqualTo(400);
    Response missing = admin.get("/jobs/" + "a".repeat(26));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(admin.post("/jobs/" + "a".repeat(26) + "/cancel", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void cancelingAPendingJobCancelsItAndASecondCancelIsA400() {
    String id = admin.post("/jobs", Map.of("type", "data_retention")).body().path("id").asText();

    Response canceled = admin.post("/jobs/" + id + "/cancel", Map.of());

    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.body().path("status").asText()).isEqualTo("OK");
    assertThat(admin.get("/jobs/" + id).body().path("status").asText()).isEqualTo("canceled");
    Response again = admin.post("/jobs/" + id + "/cancel", Map.of());
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.errorId()).isEqualTo("jobs.request_cancellation.status.error");
  }

  @Test
  void downloadStreamsTheFileTheJobNamesOr404sWithoutOne() throws Exception {
    String without = admin.post("/jobs", Map.of("type", "message_export")).body().path("id").asText();
    Response none = admin.get("/jobs/" + without + "/download");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.errorId()).isEqualTo("api.job.retrieve.nofile");

    Path zip = node.dataDir().resolve("files/export/compliance-export-test.zip");
    Files.createDirectories(zip.getParent());
    Files.writeString(zip, "zip bytes");
    String with = admin.post("/jobs", Map.of("type", "message_export",
        "data", Map.of("file_path", "export/compliance-export-test.zip"))).body().path("id").asText();

    HttpResponse<byte[]> download = admin.getBytes("/jobs/" + with + "/download");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(new String(download.body(), StandardCharsets.UTF_8)).isEqualTo("zip bytes");
    assertThat(download.headers().firstValue("Content-Type")).contains("application/zip");
    assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("compliance-export-test.zip");
  }

  /** RunJobs=false: this node never claims, so a job stays pending however long it waits. */
  @Test
  void aNodeWithoutRunJobsNeverClaims() {
    String id = admin.post("/jobs", Map.of("type", "data_retention")).body().path("id").asText();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> admin.get("/jobs/" + id).body().path("status").asText().equals("pending"));
  }
}
