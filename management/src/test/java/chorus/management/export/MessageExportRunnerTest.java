package chorus.management.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.management.jobs.JobOutcome;
import chorus.management.testkit.RecordingJobContext;
import chorus.persistence.TestDatabase;
import chorus.persistence.export.ExportRepository;
import chorus.persistence.export.ExportStore;
import chorus.persistence.files.LocalFileStore;
import chorus.protocol.api.Job;
import chorus.protocol.config.MessageExportSettings;
import chorus.protocol.ids.Ids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The message_export runner against a real PostgreSQL and a real local file store. Every
 * export reads all posts of its window and the last successful export, so each test starts
 * with no posts and no message_export jobs.
 */
class MessageExportRunnerTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  /** An arbitrary fixed moment; posts are placed relative to it. */
  static final long BASE = 1_700_000_000_000L;

  private static ActorTestKit testKit;
  private static Path storeRoot;
  private static LocalFileStore store;

  private String team;
  private String channel;
  private String user;

  @BeforeAll
  static void start() throws Exception {
    testKit = ActorTestKit.create("Export");
    storeRoot = Files.createTempDirectory(Path.of("target"), "export-store-");
    store = new LocalFileStore(storeRoot, testKit.system());
  }

  @AfterAll
  static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    TestDatabase.deleteRecursively(storeRoot);
  }

  @BeforeEach
  void emptyWindow() {
    db.dsl().execute("DELETE FROM file_info");
    db.dsl().execute("DELETE FROM posts");
    db.dsl().execute("DELETE FROM jobs WHERE type = 'message_export'");
    team = Ids.unique();
    channel = Ids.unique();
    user = Ids.unique();
    db.dsl().execute("INSERT INTO teams (id, create_at, update_at, display_name, name, type, invite_id) VALUES (?, 1, 1, ?, ?, 'O', ?)",
        team, "Team " + team, "team-" + team, Ids.unique());
    db.dsl().execute("INSERT INTO channels (id, create_at, update_at, team_id, type, display_name, name) VALUES (?, 1, 1, ?, 'O', ?, ?)",
        channel, team, "Town " + channel, "town-" + channel);
    db.dsl().execute("INSERT INTO users (id, create_at, update_at, username, email) VALUES (?, 1, 1, ?, ?)",
        user, "u" + user, "u" + user + "@example.com");
  }

  private void post(String id, long createAt, long editAt, long deleteAt, String rootId, String message) {
    long updateAt = Math.max(createAt, Math.max(editAt, deleteAt));
    db.dsl().execute("INSERT INTO posts (id, create_at, update_at, edit_at, delete_at, user_id, channel_id, root_id, message)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, createAt, updateAt, editAt, deleteAt, user, channel, rootId, message);
  }

  private void file(String id, String postId, String name, String content) throws Exception {
    String key = "20231114/teams/noteam/channels/" + channel + "/users/" + user + "/" + id + "/" + name;
    db.dsl().execute("INSERT INTO file_info (id, creator_id, post_id, channel_id, create_at, update_at, path, name, size)"
        + " VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?)", id, user, postId, channel, key, name, content == null ? 0 : content.length());
    if (content != null) {
      store.write(key, Source.single(ByteString.fromString(content)), "text/plain").toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private MessageExportRunner runner(String format, int batchSize, long now) {
    MessageExportSettings settings = new MessageExportSettings(true, format, "01:00", BASE, batchSize);
    return new MessageExportRunner(new ExportStore(db.dataSource(), new ExportRepository()), store, testKit.system(),
        () -> settings, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC), Duration.ZERO, Duration.ofSeconds(30), storeRoot.resolve("tmp"));
  }

  private static byte[] stored(String jobId) throws Exception {
    return Files.readAllBytes(storeRoot.resolve(MessageExportRunner.key(jobId)));
  }

  /** What the jobs framework does when a runner returns: the row ends with the outcome's status and data. */
  private static void finished(String jobId, JobOutcome outcome) throws Exception {
    db.dsl().execute("INSERT INTO jobs (id, type, create_at, status, progress, data) VALUES (?, 'message_export', 1, ?, 100, ?::jsonb)",
        jobId, outcome.status(), new ObjectMapper().writeValueAsString(outcome.data()));
  }

  /** The seven posts of the content tests, in a window (BASE, BASE + 10 s]. */
  private void seedOneOfEverything() throws Exception {
    post("p1", BASE + 1000, 0, 0, "", "hello, world");
    file("f1", "p1", "notes.txt", "file-one");
    post("p2", BASE + 2000, BASE + 3000, 0, "", "edited text");
    post("p3", BASE + 4000, 0, BASE + 5000, "", "doomed");
    post("p4", BASE + 6000, 0, 0, "p1", "a \"quoted\" reply\nover two lines");
    post("p5", BASE - 1000, BASE + 7000, 0, "", "old post, edited now");
    post("p6", BASE + 8000, 0, 0, "", "lost attachment");
    file("f2", "p6", "gone.bin", null);
    post("p7", BASE - 5000, 0, 0, "", "before the window");
  }

  @Test
  void theCsvHoldsPostsEditsDeletionsAndAttachmentsWithTheirChannelAndSender() throws Exception {
    seedOneOfEverything();
    String jobId = Ids.unique();
    RecordingJobContext context = RecordingJobContext.of(jobId, Job.MESSAGE_EXPORT, Map.of());

    JobOutcome outcome = runner("csv", 100, BASE + 10_000).run(context);
    ExportZip zip = ExportZip.read(stored(jobId));
    List<Map<String, String>> rows = zip.csvRows();

    assertThat(outcome.status()).isEqualTo(Job.WARNING); // f2's bytes are missing
    assertThat(outcome.data()).containsEntry("file_path", "export/" + jobId + ".zip").containsEntry("is_downloadable", "true")
        .containsEntry("start_time", Long.toString(BASE)).containsEntry("end_time", Long.toString(BASE + 10_000))
        .containsEntry("posts_exported", "6").containsEntry("warning_count", "1");
    assertThat(zip.csvHeader()).hasSize(18).startsWith("Post Creation Time", "Team Id").endsWith("User Type", "Previews Post Id");
    assertThat(rows).extracting(r -> r.get("Post Id") + "|" + r.get("Post Type") + "|" + r.get("Post Creation Time"))
        .containsExactlyInAnyOrder(
            "p1|message|" + (BASE + 1000), "p1|attachment|" + (BASE + 1000),
            "p2|message|" + (BASE + 2000), "p2|edit|" + (BASE + 3000),
            "p3|message|" + (BASE + 4000), "p3|message|" + (BASE + 5000),
            "p4|message|" + (BASE + 6000),
            "p5|edit|" + (BASE + 7000),
            "p6|message|" + (BASE + 8000), "p6|attachment|" + (BASE + 8000));
    Map<String, String> first = rows.stream().filter(r -> r.get("Post Id").equals("p1") && r.get("Post Type").equals("message"))
        .findFirst().orElseThrow();
    assertThat(first).containsEntry("Post Message", "hello, world").containsEntry("Team Id", team)
        .containsEntry("Team Name", "team-" + team).containsEntry("Channel Id", channel).containsEntry("Channel Name", "town-" + channel)
        .containsEntry("Channel Display Name", "Town " + channel).containsEntry("Channel Type", "O").containsEntry("User Id", user)
        .containsEntry("User Email", "u" + user + "@example.com").containsEntry("Username", "u" + user)
        .containsEntry("User Type", "user");
    assertThat(rows).filteredOn(r -> r.get("Post Creation Time").equals(Long.toString(BASE + 5000)))
        .extracting(r -> r.get("Post Message")).containsExactly("delete doomed");
    assertThat(rows).filteredOn(r -> r.get("Post Id").equals("p4"))
        .extracting(r -> r.get("Replied to Post Id"), r -> r.get("Post Message"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("p1", "a \"quoted\" reply\nover two lines"));
    assertThat(rows).filteredOn(r -> r.get("Post Id").equals("p1") && r.get("Post Type").equals("attachment"))
        .extracting(r -> r.get("Post Message")).containsExactly("notes.txt (files/p1/f1-notes.txt)");
    assertThat(zip.text("files/p1/f1-notes.txt")).isEqualTo("file-one");
    assertThat(zip.entries()).doesNotContainKey("files/p6/f2-gone.bin");
    assertThat(zip.text("warning.txt")).contains("f2");
    JsonNode metadata = new ObjectMapper().readTree(zip.text("metadata.json"));
    assertThat(metadata.path("MessagesCount").asInt()).isEqualTo(10);
    assertThat(metadata.path("AttachmentsCount").asInt()).isEqualTo(1);
    // The window is saved before anything is read; then one checkpoint per batch.
    assertThat(context.checkpoints().get(0).data()).containsEntry("start_time", Long.toString(BASE))
        .containsEntry("end_time", Long.toString(BASE + 10_000)).containsEntry("export_format", "csv");
  }

  @Test
  void theActianceXmlGroupsTheSameEventsByChannel() throws Exception {
    seedOneOfEverything();
    String jobId = Ids.unique();

    runner("actiance", 100, BASE + 10_000).run(RecordingJobContext.of(jobId, Job.MESSAGE_EXPORT, Map.of()));
    ExportZip zip = ExportZip.read(stored(jobId));
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(zip.entries().get("actiance_export.xml")));

    assertThat(xml.getDocumentElement().getTagName()).isEqualTo("FileDump");
    NodeList channels = xml.getElementsByTagName("Channel");
    assertThat(channels.getLength()).isEqualTo(1);
    Element room = (Element) channels.item(0);
    assertThat(text(room, "RoomID")).isEqualTo("public - town-" + channel + " - " + channel);
    assertThat(text(room, "StartTimeUTC")).isEqualTo(Long.toString(BASE / 1000));
    NodeList messages = room.getElementsByTagName("Message");
    List<String> contents = new java.util.ArrayList<>();
    for (int i = 0; i < messages.getLength(); i++) {
      Element message = (Element) messages.item(i);
      contents.add(text(message, "PostId") + "|" + text(message, "MessageType") + "|" + text(message, "Content"));
      assertThat(text(message, "LoginName")).isEqualTo("u" + user + "@example.com");
    }
    assertThat(contents).containsExactlyInAnyOrder("p1|message|hello, world", "p2|message|edited text", "p2|edit|edited text",
        "p3|message|doomed", "p3|message|delete doomed", "p4|message|a \"quoted\" reply\nover two lines",
        "p5|edit|old post, edited now", "p6|message|lost attachment");
    assertThat(room.getElementsByTagName("FileTransferStarted").getLength()).isEqualTo(2);
    assertThat(room.getElementsByTagName("FileTransferEnded").getLength()).isEqualTo(2);
    assertThat(zip.text("files/p1/f1-notes.txt")).isEqualTo("file-one");
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent();
  }

  @Test
  void twoConsecutiveExportsHoldEachPostExactlyOnce() throws Exception {
    for (int i = 1; i <= 5; i++) {
      post("a" + i, BASE + i * 1000, 0, 0, "", "first run " + i);
    }
    post("edge", BASE + 6000, 0, 0, "", "exactly at the first cut-off");
    String firstJob = Ids.unique();
    JobOutcome firstOutcome = runner("csv", 2, BASE + 6000).run(RecordingJobContext.of(firstJob, Job.MESSAGE_EXPORT, Map.of()));
    finished(firstJob, firstOutcome);
    for (int i = 1; i <= 4; i++) {
      post("b" + i, BASE + 6000 + i * 1000, 0, 0, "", "second run " + i);
    }
    // a1 is edited after the first export: the second holds the edit, not the post again.
    db.dsl().execute("UPDATE posts SET message = 'first run 1, edited', edit_at = ?, update_at = ? WHERE id = 'a1'",
        BASE + 11_000, BASE + 11_000);
    String secondJob = Ids.unique();
    JobOutcome secondOutcome = runner("csv", 2, BASE + 20_000).run(RecordingJobContext.of(secondJob, Job.MESSAGE_EXPORT, Map.of()));

    List<Map<String, String>> firstRows = ExportZip.read(stored(firstJob)).csvRows();
    List<Map<String, String>> secondRows = ExportZip.read(stored(secondJob)).csvRows();
    assertThat(secondOutcome.data()).containsEntry("start_time", firstOutcome.data().get("end_time"));
    assertThat(ids(firstRows, "message")).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5", "edge");
    assertThat(ids(secondRows, "message")).containsExactlyInAnyOrder("b1", "b2", "b3", "b4");
    assertThat(ids(secondRows, "edit")).containsExactly("a1");
    assertThat(ids(firstRows, "edit")).isEmpty();
  }

  private static List<String> ids(List<Map<String, String>> rows, String type) {
    return rows.stream().filter(r -> r.get("Post Type").equals(type)).map(r -> r.get("Post Id")).toList();
  }

  @Test
  void aJobRunAgainAfterItsWorkerDiedMidRunWritesTheSameFileWithEachPostOnce() throws Exception {
    for (int i = 1; i <= 10; i++) {
      post(String.format("c%02d", i), BASE + i * 1000, 0, 0, "", "post " + i);
    }
    String jobId = Ids.unique();
    // Checkpoint 1 saves the window, 2 ends batch 1; the worker dies at the end of batch 2.
    RecordingJobContext crashing = RecordingJobContext.crashingAt(jobId, Job.MESSAGE_EXPORT, 3);
    assertThatThrownBy(() -> runner("csv", 3, BASE + 30_000).run(crashing)).isInstanceOf(RecordingJobContext.SimulatedCrash.class);
    assertThat(storeRoot.resolve(MessageExportRunner.key(jobId))).doesNotExist();
    // Posts keep arriving; the reclaimed job must not take them, whatever its clock says now.
    post("late", BASE + 31_000, 0, 0, "", "after the cut-off");

    JobOutcome rerun = runner("csv", 3, BASE + 60_000).run(crashing.reclaimed());
    byte[] rerunZip = stored(jobId);
    List<Map<String, String>> rows = ExportZip.read(rerunZip).csvRows();

    assertThat(rerun.data()).containsEntry("end_time", Long.toString(BASE + 30_000));
    List<String> exported = ids(rows, "message");
    assertThat(exported).hasSize(10).doesNotHaveDuplicates().doesNotContain("late");
    // An export of the same window that never crashed gives the very same bytes.
    String cleanJob = Ids.unique();
    runner("csv", 3, BASE + 90_000).run(RecordingJobContext.of(cleanJob, Job.MESSAGE_EXPORT,
        Map.of("start_time", Long.toString(BASE), "end_time", Long.toString(BASE + 30_000), "export_format", "csv")));
    assertThat(stored(cleanJob)).isEqualTo(rerunZip);
  }

  @Test
  void theNextExportStartsAfterTheNewestSuccessfulOneAndIgnoresFailedOnes() throws Exception {
    post("d1", BASE + 1000, 0, 0, "", "one");
    db.dsl().execute("INSERT INTO jobs (id, type, create_at, status, data) VALUES (?, 'message_export', 1, 'error', ?::jsonb)",
        Ids.unique(), "{\"end_time\": \"" + (BASE + 5000) + "\"}");
    db.dsl().execute("INSERT INTO jobs (id, type, create_at, status, data) VALUES (?, 'message_export', 1, 'warning', ?::jsonb)",
        Ids.unique(), "{\"end_time\": \"" + (BASE + 500) + "\"}");
    String jobId = Ids.unique();

    JobOutcome outcome = runner("csv", 10, BASE + 10_000).run(RecordingJobContext.of(jobId, Job.MESSAGE_EXPORT, Map.of()));

    assertThat(outcome.data()).containsEntry("start_time", Long.toString(BASE + 500));
    assertThat(ids(ExportZip.read(stored(jobId)).csvRows(), "message")).containsExactly("d1");
  }
}
