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
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The files API on the local driver: upload forms, downloads, images, access rules, posts with files, limits. */
class FileApiTest {
  private static final long MAX_FILE_SIZE = 1024 * 1024;

  private static SharedDatabase db;
  private static Path dataDir;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    db = SharedDatabase.start();
    dataDir = Files.createTempDirectory("chorus-files-node-");
    Map<String, String> settings = new HashMap<>(db.nodeSettings());
    settings.put("MM_FILESETTINGS_MAXFILESIZE", Long.toString(MAX_FILE_SIZE));
    node = TestNode.start(dataDir, settings);
    node.client().signUp("admin");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (db != null) {
      db.close();
    }
    TempFiles.delete(dataDir);
  }

  private record User(ApiClient client, String id) {}

  private record Room(User owner, String teamId, String channelId) {}

  private static User user(String prefix) {
    ApiClient client = node.client();
    return new User(client, client.signUp(prefix).path("id").asText());
  }

  private static Room room() {
    User owner = user("owner");
    String teamId = owner.client().createTeam("team").path("id").asText();
    return new Room(owner, teamId, owner.client().createChannel(teamId, "chan").path("id").asText());
  }

  private static User member(Room room) {
    User member = user("member");
    assertJson(room.owner().client().post("/teams/" + room.teamId() + "/members", Map.of("team_id", room.teamId(), "user_id", member.id())), 201);
    assertJson(room.owner().client().post("/channels/" + room.channelId() + "/members", Map.of("user_id", member.id())), 201);
    return member;
  }

  static JsonNode upload(ApiClient client, String channelId, String name, byte[] content) {
    MultipartBody body = new MultipartBody().field("channel_id", channelId).field("client_ids", "c-" + name).file("files", name, content);
    return assertJson(client.sendBody("POST", "/files", body.bytes(), body.contentType()), 201).path("file_infos").get(0);
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private long fileRows(String channelId) {
    return db.count("select count(*) from file_info where channel_id = ?", channelId);
  }

  /**
   * Found by ApiFuzzTest: a multipart body cut off before its closing boundary was a 500. Pekko
   * fails such a body differently when it arrived whole (a small one, parsed at once) and when it
   * streams in (a large one), so both sizes are sent.
   */
  @Test
  void aTruncatedMultipartBodyIsABadRequestAndStoresNothing() {
    Room room = room();
    for (int size : new int[] {200, 300_000}) {
      MultipartBody body = new MultipartBody().field("channel_id", room.channelId()).file("files", "cut.bin", randomBytes(size));
      byte[] whole = body.bytes();
      byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 60);

      assertError(room.owner().client().sendBody("POST", "/files", cut, body.contentType()), 400,
          "api.file.upload_file.read_request.app_error");
    }
    assertThat(fileRows(room.channelId())).isZero();
  }

  @Test
  void multipartUploadStoresEachFileAndAnswersWithInfosAndClientIds() {
    Room room = room();
    byte[] first = randomBytes(300_000);
    byte[] second = "hello, files".getBytes(StandardCharsets.UTF_8);
    MultipartBody body = new MultipartBody().field("channel_id", room.channelId())
        .field("client_ids", "one").field("client_ids", "two")
        .file("files", "data.bin", first).file("files", "notes.txt", second);

    JsonNode created = assertJson(room.owner().client().sendBody("POST", "/files", body.bytes(), body.contentType()), 201);

    assertThat(ApiClient.texts(created.path("client_ids"))).containsExactly("one", "two");
    JsonNode infos = created.path("file_infos");
    assertThat(infos).hasSize(2);
    JsonNode info = infos.get(1);
    assertThat(info.path("id").asText()).hasSize(26);
    assertThat(info.path("user_id").asText()).isEqualTo(room.owner().id());
    assertThat(info.path("channel_id").asText()).isEqualTo(room.channelId());
    assertThat(info.has("post_id")).as("post_id is omitted while unattached").isFalse();
    assertThat(info.path("name").asText()).isEqualTo("notes.txt");
    assertThat(info.path("extension").asText()).isEqualTo("txt");
    assertThat(info.path("size").asLong()).isEqualTo(second.length);
    assertThat(info.path("mime_type").asText()).isEqualTo("text/plain");
    assertThat(info.path("create_at").asLong()).isPositive();

    HttpResponse<byte[]> download = room.owner().client().getBytes("/files/" + infos.get(0).path("id").asText());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(first);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment").contains("data.bin");
    assertThat(download.headers().firstValue("Cache-Control")).hasValue("max-age=2592000, private");

    JsonNode fetched = assertJson(room.owner().client().get("/files/" + info.path("id").asText() + "/info"), 200);
    assertThat(fetched.path("name").asText()).isEqualTo("notes.txt");
    assertThat(fileRows(room.channelId())).isEqualTo(2);
  }

  @Test
  void rawBodyUploadTakesChannelAndNameFromTheQuery() {
    Room room = room();
    byte[] content = randomBytes(50_000);

    JsonNode created = assertJson(room.owner().client().sendBody("POST",
        "/files?channel_id=" + room.channelId() + "&filename=raw.pdf&client_id=abc", content, "application/pdf"), 201);

    JsonNode info = created.path("file_infos").get(0);
    assertThat(info.path("name").asText()).isEqualTo("raw.pdf");
    assertThat(info.path("mime_type").asText()).isEqualTo("application/pdf");
    assertThat(ApiClient.texts(created.path("client_ids"))).containsExactly("abc");
    assertThat(room.owner().client().getBytes("/files/" + info.path("id").asText()).body()).isEqualTo(content);
    assertError(room.owner().client().sendBody("POST", "/files?channel_id=" + room.channelId(), content, "application/pdf"),
        400, "api.context.invalid_param.app_error");
  }

  @Test
  void imagesGetDimensionsThumbnailAndPreview() throws IOException {
    Room room = room();
    JsonNode info = upload(room.owner().client(), room.channelId(), "photo.png", png(640, 480));

    assertThat(info.path("width").asInt()).isEqualTo(640);
    assertThat(info.path("height").asInt()).isEqualTo(480);
    assertThat(info.path("has_preview_image").asBoolean()).isTrue();
    assertThat(info.path("mini_preview").asText()).isNotEmpty();
    String id = info.path("id").asText();

    HttpResponse<byte[]> thumbnail = room.owner().client().getBytes("/files/" + id + "/thumbnail");
    assertThat(thumbnail.statusCode()).isEqualTo(200);
    assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
    assertThat(thumb.getWidth()).isLessThanOrEqualTo(120);
    assertThat(thumb.getHeight()).isLessThanOrEqualTo(100);
    BufferedImage preview = ImageIO.read(new ByteArrayInputStream(room.owner().client().getBytes("/files/" + id + "/preview").body()));
    assertThat(preview.getWidth()).isEqualTo(640);

    HttpResponse<byte[]> original = room.owner().client().getBytes("/files/" + id);
    assertThat(original.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
    assertThat(room.owner().client().getBytes("/files/" + id + "?download=1").headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment");

    String text = upload(room.owner().client(), room.channelId(), "a.txt", "x".getBytes(StandardCharsets.UTF_8)).path("id").asText();
    assertError(room.owner().client().get("/files/" + text + "/thumbnail"), 400, "api.file.get_file_thumbnail.no_thumbnail.app_error");
    assertError(room.owner().client().get("/files/" + text + "/preview"), 400, "api.file.get_file_preview.no_preview.app_error");
  }

  @Test
  void namesWithPathSeparatorsStayInsideTheFileStore() {
    Room room = room();
    JsonNode traversal = upload(room.owner().client(), room.channelId(), "../../../../escape.txt", "a".getBytes(StandardCharsets.UTF_8));
    // Multipart unescapes backslashes in quoted names, so send this one as a raw body.
    JsonNode backslash = assertJson(room.owner().client().sendBody("POST", "/files?channel_id=" + room.channelId()
        + "&filename=..%5C..%5Cwin.txt", "b".getBytes(StandardCharsets.UTF_8), "text/plain"), 201).path("file_infos").get(0);
    JsonNode dots = upload(room.owner().client(), room.channelId(), "..", "c".getBytes(StandardCharsets.UTF_8));

    assertThat(traversal.path("name").asText()).isEqualTo("escape.txt");
    assertThat(backslash.path("name").asText()).isEqualTo("win.txt");
    assertThat(dots.path("name").asText()).isEqualTo("..");
    assertThat(new String(room.owner().client().getBytes("/files/" + dots.path("id").asText()).body(), StandardCharsets.UTF_8)).isEqualTo("c");
    List<String> stored = TempFiles.filesUnder(dataDir.resolve("files"));
    assertThat(stored).anyMatch(p -> p.endsWith(traversal.path("id").asText() + "/escape.txt"));
    assertThat(TempFiles.filesUnder(dataDir)).noneMatch(p -> p.contains("escape") && !p.startsWith("files/"));
  }

  @Test
  void readingNeedsTheChannelOrBeingTheUploaderWhileUnattached() {
    Room room = room();
    User member = member(room);
    User outsider = user("outsider");
    String fileId = upload(room.owner().client(), room.channelId(), "secret.txt", "s".getBytes(StandardCharsets.UTF_8)).path("id").asText();

    assertError(member.client().get("/files/" + fileId + "/info"), 403, "api.context.permissions.app_error");
    assertThat(member.client().getBytes("/files/" + fileId).statusCode()).isEqualTo(403);

    assertJson(room.owner().client().post("/posts", Map.of("channel_id", room.channelId(), "message", "see file", "file_ids", List.of(fileId))), 201);

    assertJson(member.client().get("/files/" + fileId + "/info"), 200);
    assertThat(member.client().getBytes("/files/" + fileId).body()).containsExactly('s');
    assertError(outsider.client().get("/files/" + fileId + "/info"), 403, "api.context.permissions.app_error");
    assertError(outsider.client().get("/files/" + fileId + "/thumbnail"), 403, "api.context.permissions.app_error");
    assertError(member.client().get("/files/" + "a".repeat(26) + "/info"), 404, "app.file_info.get.app_error");
    assertError(member.client().get("/files/not-an-id/info"), 400, "api.context.invalid_url_param.app_error");
    assertThat(node.client().get("/files/" + fileId).status()).isEqualTo(401);
  }

  @Test
  void postsAttachTheirFilesAndShowThemInMetadata() {
    Room room = room();
    User member = member(room);
    String mine = upload(room.owner().client(), room.channelId(), "mine.txt", "m".getBytes(StandardCharsets.UTF_8)).path("id").asText();
    String theirs = upload(member.client(), room.channelId(), "theirs.txt", "t".getBytes(StandardCharsets.UTF_8)).path("id").asText();

    JsonNode post = assertJson(room.owner().client().post("/posts",
        Map.of("channel_id", room.channelId(), "message", "files", "file_ids", List.of(mine, theirs))), 201);

    assertThat(ApiClient.texts(post.path("file_ids"))).as("someone else's file is dropped").containsExactly(mine);
    assertThat(post.path("metadata").path("files").get(0).path("id").asText()).isEqualTo(mine);
    assertThat(post.path("metadata").path("files").get(0).path("post_id").asText()).isEqualTo(post.path("id").asText());
    String postId = post.path("id").asText();

    JsonNode fetched = assertJson(member.client().get("/posts/" + postId), 200);
    assertThat(fetched.path("metadata").path("files")).hasSize(1);
    JsonNode listed = assertJson(member.client().get("/channels/" + room.channelId() + "/posts"), 200);
    assertThat(listed.path("posts").path(postId).path("metadata").path("files").get(0).path("name").asText()).isEqualTo("mine.txt");
    JsonNode infos = assertJson(member.client().get("/posts/" + postId + "/files/info"), 200);
    assertThat(infos).hasSize(1);
    assertThat(infos.get(0).path("id").asText()).isEqualTo(mine);

    JsonNode again = assertJson(room.owner().client().post("/posts",
        Map.of("channel_id", room.channelId(), "message", "reuse", "file_ids", List.of(mine))), 201);
    assertThat(again.path("file_ids")).as("a file belongs to one post").isEmpty();
    assertError(room.owner().client().post("/posts", Map.of("channel_id", room.channelId(), "message", "bad", "file_ids", List.of("nope"))),
        400, "model.post.is_valid.file_ids.app_error");

    assertJson(room.owner().client().delete("/posts/" + postId), 200);
    assertError(member.client().get("/files/" + mine + "/info"), 404, "app.file_info.get.app_error");
  }

  @Test
  void overMaxFileSizeIs413AndStoresNothing() {
    Room room = room();
    byte[] tooBig = randomBytes((int) MAX_FILE_SIZE + 1);

    // Declared too large: refused before reading.
    assertError(room.owner().client().sendBody("POST", "/files?channel_id=" + room.channelId() + "&filename=big.bin", randomBytes((int) MAX_FILE_SIZE + 100_000),
        "application/octet-stream"), 413, "api.file.upload_file.too_large_detailed.app_error");
    // Within the multipart allowance but one byte over the limit in the file itself: cut off while streaming.
    MultipartBody body = new MultipartBody().field("channel_id", room.channelId()).file("files", "big.bin", tooBig);
    assertError(room.owner().client().sendBody("POST", "/files", body.bytes(), body.contentType()), 413,
        "api.file.upload_file.too_large_detailed.app_error");

    assertThat(fileRows(room.channelId())).isZero();
    assertThat(TempFiles.filesUnder(dataDir.resolve("files"))).noneMatch(p -> p.contains(room.channelId()));
  }

  @Test
  void badUploadsAreRefusedWithoutStoringAnything() {
    Room room = room();
    User outsider = user("outsider");
    byte[] content = "x".getBytes(StandardCharsets.UTF_8);

    MultipartBody filesFirst = new MultipartBody().file("files", "early.txt", content).field("channel_id", room.channelId());
    assertError(room.owner().client().sendBody("POST", "/files", filesFirst.bytes(), filesFirst.contentType()), 400,
        "api.context.invalid_param.app_error");
    MultipartBody notMember = new MultipartBody().field("channel_id", room.channelId()).file("files", "x.txt", content);
    assertError(outsider.client().sendBody("POST", "/files", notMember.bytes(), notMember.contentType()), 403,
        "api.context.permissions.app_error");
    MultipartBody noFiles = new MultipartBody().field("channel_id", room.channelId());
    assertError(room.owner().client().sendBody("POST", "/files", noFiles.bytes(), noFiles.contentType()), 400,
        "api.file.upload_file.multipart.app_error");
    MultipartBody unknownChannel = new MultipartBody().field("channel_id", "b".repeat(26)).file("files", "x.txt", content);
    assertError(room.owner().client().sendBody("POST", "/files", unknownChannel.bytes(), unknownChannel.contentType()), 404,
        "app.channel.get.existing.app_error");

    assertThat(fileRows(room.channelId())).isZero();
  }

  @Test
  void clientConfigAndDeepPingReportFiles() {
    JsonNode config = assertJson(node.client().get("/config/client?format=old"), 200);
    assertThat(config.path("EnableFileAttachments").asText()).isEqualTo("true");
    assertThat(config.path("MaxFileSize").asText()).isEqualTo(Long.toString(MAX_FILE_SIZE));

    Response ping = node.client().get("/system/ping?get_server_status=true");
    assertThat(assertJson(ping, 200).path("filestore_status").asText()).isEqualTo("OK");
    assertThat(ping.header("filestore_status")).isEqualTo("OK");
    assertThat(TempFiles.filesUnder(dataDir.resolve("files"))).noneMatch(p -> p.startsWith("chorus-health-check/") && !p.endsWith("/"));
  }
}
