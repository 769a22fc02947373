package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.S3Server;
import chorus.node.testkit.SharedDatabase;
import chorus.node.testkit.TempFiles;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes that share one database and one file storage serve each other's files, as the
 * nodes of a cluster behind a load balancer must: once with a shared directory (the NAS
 * case), once with a shared S3 bucket.
 */
class SharedFileStorageTest {
  private static final String BUCKET = "shared-files";
  private static final List<Path> directories = new ArrayList<>();
  private static final List<TestNode> nodes = new ArrayList<>();
  private static SharedDatabase db;
  private static S3Server s3;
  private static Path sharedDirectory;

  @BeforeAll
  static void start() throws Exception {
    db = SharedDatabase.start();
    s3 = S3Server.start(BUCKET);
    sharedDirectory = temp("chorus-nas-");
    Map<String, String> local = new HashMap<>(db.nodeSettings());
    local.put("MM_FILESETTINGS_DIRECTORY", sharedDirectory.toString());
    Map<String, String> bucket = new HashMap<>(db.nodeSettings());
    bucket.putAll(s3.nodeSettings(BUCKET));
    for (Map<String, String> settings : List.of(local, local, bucket, bucket)) {
      nodes.add(TestNode.start(temp("chorus-node-"), settings));
    }
    nodes.get(0).client().signUp("admin");
  }

  @AfterAll
  static void stop() {
    nodes.forEach(TestNode::close);
    if (s3 != null) {
      s3.close();
    }
    if (db != null) {
      db.close();
    }
    directories.forEach(TempFiles::delete);
  }

  private static Path temp(String prefix) throws Exception {
    Path directory = Files.createTempDirectory(prefix);
    directories.add(directory);
    return directory;
  }

  @Test
  void nodesSharingADirectorySeeEachOthersFiles() throws Exception {
    List<String> ids = exchangeFiles(nodes.get(0), nodes.get(1));

    List<String> stored = TempFiles.filesUnder(sharedDirectory);
    ids.forEach(id -> assertThat(stored).anyMatch(path -> path.contains("/" + id + "/")));
    assertThat(TempFiles.filesUnder(nodes.get(0).dataDir().resolve("files"))).isEmpty();
  }

  @Test
  void nodesSharingABucketSeeEachOthersFiles() throws Exception {
    List<String> ids = exchangeFiles(nodes.get(2), nodes.get(3));

    List<String> keys = s3.keys(BUCKET, "");
    ids.forEach(id -> assertThat(keys).anyMatch(key -> key.contains("/" + id + "/")));
  }

  /** Uploads on each node, reads on the other, attaches on the second; returns the file ids. */
  private static List<String> exchangeFiles(TestNode first, TestNode second) throws Exception {
    ApiClient onFirst = first.client();
    onFirst.signUp("sharer");
    String teamId = onFirst.createTeam("team").path("id").asText();
    String channelId = onFirst.createChannel(teamId, "chan").path("id").asText();
    ApiClient onSecond = second.client().withToken(onFirst.token());

    byte[] image = FileApiTest.png(300, 200);
    JsonNode fromFirst = FileApiTest.upload(onFirst, channelId, "shared.png", image);
    String firstId = fromFirst.path("id").asText();
    HttpResponse<byte[]> read = onSecond.getBytes("/files/" + firstId);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(image);
    assertThat(onSecond.getBytes("/files/" + firstId + "/thumbnail").statusCode()).isEqualTo(200);

    byte[] bytes = FileApiTest.randomBytes(200_000);
    String secondId = FileApiTest.upload(onSecond, channelId, "other.bin", bytes).path("id").asText();
    assertThat(onFirst.getBytes("/files/" + secondId).body()).isEqualTo(bytes);

    JsonNode post = assertJson(onSecond.post("/posts", Map.of("channel_id", channelId, "message", "both",
        "file_ids", List.of(firstId, secondId))), 201);
    JsonNode infos = assertJson(onFirst.get("/posts/" + post.path("id").asText() + "/files/info"), 200);
    assertThat(infos).hasSize(2);
    return List.of(firstId, secondId);
  }
}
