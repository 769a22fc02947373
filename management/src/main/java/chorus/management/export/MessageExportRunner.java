package chorus.management.export;

import chorus.management.jobs.JobContext;
import chorus.management.jobs.JobOutcome;
import chorus.management.jobs.JobRunner;
import chorus.persistence.export.ExportStore;
import chorus.persistence.export.ExportedFile;
import chorus.persistence.export.ExportedPost;
import chorus.persistence.files.FileStore;
import chorus.protocol.api.Job;
import chorus.protocol.config.MessageExportSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.FileIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code message_export} job: writes every post created, edited or deleted since the
 * last successful export (or {@code ExportFromTimestamp}) as one zip, {@code export/<job
 * id>.zip} in the shared file store, in the configured format, with the posts' attachments
 * under {@code files/}, a {@code metadata.json} and, when attachments were missing, a
 * {@code warning.txt}.
 *
 * <p>Exactly once across runs: the window {@code (start_time, end_time]} and the format are
 * fixed at the job's first start and saved in its data before anything is read, so a job run
 * again after its worker died reads the same window and rewrites the same key; the next job
 * starts where the newest successful one ended. The end lies {@code settle} before the start,
 * so posts still being committed (their create_at is taken before the commit) belong to the
 * next window instead of being missed. The zip is built in a local temporary file and stored
 * in one write at the end: a run that dies leaves nothing under the key.
 */
public final class MessageExportRunner implements JobRunner {
  private static final Logger log = LoggerFactory.getLogger(MessageExportRunner.class);
  static final String START = "start_time";
  static final String END = "end_time";
  static final String FORMAT = "export_format";
  private static final int BUFFER = 1 << 16;

  private final ExportStore posts;
  private final FileStore store;
  private final ActorSystem<?> system;
  private final Supplier<MessageExportSettings> settings;
  private final Clock clock;
  private final Duration settle;
  private final Duration storeTimeout;
  private final Path tempDir;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param posts the export's reads, over the jobs' own connections
   * @param system runs the file store's streams
   * @param settle how far before the job's start its window ends (a minute in production)
   * @param tempDir where the zip is assembled before it is stored
   */
  public MessageExportRunner(ExportStore posts, FileStore store, ActorSystem<?> system,
      Supplier<MessageExportSettings> settings, Clock clock, Duration settle, Duration storeTimeout, Path tempDir) {
    this.posts = posts;
    this.store = store;
    this.system = system;
    this.settings = settings;
    this.clock = clock;
    this.settle = settle;
    this.storeTimeout = storeTimeout;
    this.tempDir = tempDir;
  }

  @Override
  public String type() {
    return Job.MESSAGE_EXPORT;
  }

  public static String key(String jobId) {
    return "export/" + jobId + ".zip";
  }

  @Override
  public JobOutcome run(JobContext context) throws Exception {
    Job job = context.job();
    Map<String, String> window = window(job);
    context.checkpoint(0, window);
    long from = Long.parseLong(window.get(START));
    long to = Long.parseLong(window.get(END));
    String format = window.get(FORMAT);
    int batchSize = settings.get().batchSize();
    int total = posts.count(from, to);

    Files.createDirectories(tempDir);
    Path zipFile = Files.createTempFile(tempDir, "export-" + job.id() + "-", ".zip");
    Path document = Files.createTempFile(tempDir, "export-" + job.id() + "-", ".doc");
    Path attachment = Files.createTempFile(tempDir, "export-" + job.id() + "-", ".file");
    try {
      Counts counts = new Counts();
      String documentName;
      // Buffered: StAX and the deflater write in small pieces, a system call each without a buffer.
      try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zipFile), BUFFER));
           OutputStream documentOut = new BufferedOutputStream(Files.newOutputStream(document), BUFFER);
           ExportDocument doc = MessageExportSettings.CSV.equals(format)
               ? new CsvExportDocument(documentOut) : new ActianceExportDocument(documentOut, from, to)) {
        documentName = doc.name();
        posts.forEachBatch(from, to, batchSize, (posts, files) -> {
          try {
            writeBatch(posts, files, from, to, doc, zip, attachment, counts);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          counts.posts += posts.size();
          context.checkpoint(Math.min(99, counts.posts * 99L / Math.max(1, total)), counts.data(window));
        });
        doc.finish();
        documentOut.flush();
        putFile(zip, documentName, document, to);
        putBytes(zip, "metadata.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata(from, to, format, counts)), to);
        if (!counts.missing.isEmpty()) {
          putBytes(zip, "warning.txt", String.join("\n", counts.missing).concat("\n").getBytes(StandardCharsets.UTF_8), to);
        }
      }
      long bytes = store.write(key(job.id()), FileIO.fromPath(zipFile), "application/zip")
          .toCompletableFuture().get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, String> data = counts.data(window);
      data.put("file_path", key(job.id()));
      data.put("is_downloadable", "true");
      data.put("file_size", Long.toString(bytes));
      log.info("message_export {}: {} posts, {} rows, {} attachments in ({}, {}] -> {} ({} bytes)", job.id(), counts.posts,
          counts.rows, counts.attachments, from, to, key(job.id()), bytes);
      return counts.missing.isEmpty() ? JobOutcome.success(data) : new JobOutcome(Job.WARNING, data);
    } finally {
      Files.deleteIfExists(zipFile);
      Files.deleteIfExists(document);
      Files.deleteIfExists(attachment);
    }
  }

  /** The window and format this job exports: from its data if an earlier attempt fixed them, else fixed now. */
  private Map<String, String> window(Job job) {
    Map<String, String> data = job.data() == null ? Map.of() : job.data();
    Map<String, String> window = new LinkedHashMap<>();
    if (data.containsKey(START) && data.containsKey(END) && data.containsKey(FORMAT)) {
      window.put(START, data.get(START));
      window.put(END, data.get(END));
      window.put(FORMAT, data.get(FORMAT));
      return window;
    }
    MessageExportSettings current = settings.get();
    long from = posts.lastExportEnd(job.id()).orElse(current.exportFromTimestamp());
    long to = Math.max(from, clock.millis() - settle.toMillis());
    window.put(START, Long.toString(from));
    window.put(END, Long.toString(to));
    window.put(FORMAT, current.exportFormat());
    return window;
  }

  private void writeBatch(List<ExportedPost> posts, Map<String, List<ExportedFile>> files, long from, long to, ExportDocument doc,
      ZipOutputStream zip, Path attachment, Counts counts) throws IOException {
    List<ExportEvent> events = new ArrayList<>();
    for (ExportedPost post : posts) {
      events.addAll(ExportEvents.of(post, files.getOrDefault(post.id(), List.of()), from, to));
    }
    doc.write(events);
    counts.rows += events.size();
    for (ExportEvent event : events) {
      if (event.kind() == ExportEvent.Kind.ATTACHMENT) {
        copyAttachment(event.file(), zip, attachment, to, counts);
      }
    }
  }

  /** Fetches the file into a local temporary first, so a store failure never leaves half an entry in the zip. */
  private void copyAttachment(ExportedFile file, ZipOutputStream zip, Path attachment, long to, Counts counts) throws IOException {
    try {
      store.read(file.path()).runWith(FileIO.toPath(attachment), system)
          .toCompletableFuture().get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      counts.missing.add("attachment " + file.id() + " of post " + file.postId() + " (" + file.path() + ") could not be read: "
          + e.getMessage());
      return;
    }
    putFile(zip, ExportEvent.attachmentPath(file), attachment, to);
    counts.attachments++;
  }

  private static void putFile(ZipOutputStream zip, String name, Path file, long time) throws IOException {
    zip.putNextEntry(entry(name, time));
    Files.copy(file, zip);
    zip.closeEntry();
  }

  private static void putBytes(ZipOutputStream zip, String name, byte[] bytes, long time) throws IOException {
    zip.putNextEntry(entry(name, time));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Entries carry the window's end as their time, so the same window always gives the same bytes. */
  private static ZipEntry entry(String name, long time) {
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(time);
    return entry;
  }

  private static Map<String, Object> metadata(long from, long to, String format, Counts counts) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("ExportFormat", format);
    metadata.put("StartTime", from);
    metadata.put("EndTime", to);
    metadata.put("PostsCount", counts.posts);
    metadata.put("MessagesCount", counts.rows);
    metadata.put("AttachmentsCount", counts.attachments);
    metadata.put("MissingAttachmentsCount", counts.missing.size());
    return metadata;
  }

  private static final class Counts {
    int posts;
    int rows;
    int attachments;
    final List<String> missing = new ArrayList<>();

    Map<String, String> data(Map<String, String> window) {
      Map<String, String> data = new LinkedHashMap<>(window);
      data.put("posts_exported", Integer.toString(posts));
      data.put("messages_exported", Integer.toString(rows));
      data.put("attachments_exported", Integer.toString(attachments));
      data.put("warning_count", Integer.toString(missing.size()));
      return data;
    }
  }
}
