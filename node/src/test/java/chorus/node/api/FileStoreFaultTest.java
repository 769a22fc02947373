package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.MultipartBody;
import chorus.node.testkit.SharedDatabase;
import chorus.node.testkit.TempFiles;
import chorus.node.testkit.TestNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node whose S3 cannot be reached, and a node with attachments switched off. */
class FileStoreFaultTest {
  private static SharedDatabase db;
  private static Path unreachableDir;
  private static Path disabledDir;
  private static TestNode unreachable;
  private static TestNode disabled;

  @BeforeAll
  static void start() throws Exception {
    db = SharedDatabase.start();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> s3 = new HashMap<>(db.nodeSettings());
    s3.putAll(Map.of("MM_FILESETTINGS_DRIVERNAME", "amazons3", "MM_FILESETTINGS_AMAZONS3BUCKET", "gone",
        "MM_FILESETTINGS_AMAZONS3ENDPOINT", "127.0.0.1:" + closedPort, "MM_FILESETTINGS_AMAZONS3SSL", "false",
        "MM_FILESETTINGS_AMAZONS3ACCESSKEYID", "key", "MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", "secret"));
    unreachableDir = Files.createTempDirectory("chorus-s3-down-");
    unreachable = TestNode.start(unreachableDir, s3);
    Map<String, String> off = new HashMap<>(db.nodeSettings());
    off.put("MM_FILESETTINGS_ENABLEFILEATTACHMENTS", "false");
    disabledDir = Files.createTempDirectory("chorus-files-off-");
    disabled = TestNode.start(disabledDir, off);
    unreachable.client().signUp("admin");
  }

  @AfterAll
  static void stop() {
    for (TestNode node : new TestNode[] {unreachable, disabled}) {
      if (node != null) {
        node.close();
      }
    }
    if (db != null) {
      db.close();
    }
    TempFiles.delete(unreachableDir);
    TempFiles.delete(disabledDir);
  }

  @Test
  void unreachableS3IsARetryable503WithNoRowAndTheRestOfTheApiWorks() {
    ApiClient client = unreachable.client();
    client.signUp("user");
    String teamId = client.createTeam("team").path("id").asText();
    String channelId = client.createChannel(teamId, "chan").path("id").asText();
    MultipartBody body = new MultipartBody().field("channel_id", channelId).file("files", "lost.txt", "x".getBytes(StandardCharsets.UTF_8));

    long started = System.nanoTime();
    assertError(client.sendBody("POST", "/files", body.bytes(), body.contentType()), 503, "api.file.upload_file.storage.app_error");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(db.count("select count(*) from file_info where channel_id = ?", channelId)).isZero();

    assertJson(client.post("/posts", Map.of("channel_id", channelId, "message", "still posting")), 201);
    assertJson(client.get("/system/ping"), 200);
    Response deep = client.get("/system/ping?get_server_status=true");
    assertThat(assertJson(deep, 500).path("filestore_status").asText()).isEqualTo("UNHEALTHY");
    assertThat(deep.body().path("database_status").asText()).isEqualTo("OK");
    assertThat(deep.header("filestore_status")).isEqualTo("UNHEALTHY");
    assertThat(assertJson(client.get("/system/ping?get_server_status=true&use_rest_semantics=true"), 200).path("status").asText())
        .isEqualTo("UNHEALTHY");
  }

  @Test
  void attachmentsSwitchedOffAre501AndTheClientIsTold() {
    ApiClient client = disabled.client();
    client.signUp("user");
    assertThat(assertJson(client.get("/config/client?format=old"), 200).path("EnableFileAttachments").asText()).isEqualTo("false");

    MultipartBody body = new MultipartBody().field("channel_id", "c".repeat(26)).file("files", "x.txt", new byte[] {1});
    assertError(client.sendBody("POST", "/files", body.bytes(), body.contentType()), 501, "api.file.attachments.disabled.app_error");
    assertError(client.get("/files/" + "d".repeat(26) + "/info"), 501, "api.file.attachments.disabled.app_error");
    assertThat(List.of(client.getBytes("/files/" + "d".repeat(26)).statusCode())).containsExactly(501);
  }
}
