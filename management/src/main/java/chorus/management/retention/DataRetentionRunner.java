package chorus.management.retention;

import chorus.management.jobs.JobContext;
import chorus.management.jobs.JobOutcome;
import chorus.management.jobs.JobRunner;
import chorus.persistence.files.FileStore;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.retention.ExpiredFile;
import chorus.persistence.retention.RetentionRepository;
import chorus.protocol.api.Job;
import chorus.protocol.config.DataRetentionSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The {@code data_retention} job: deletes posts older than the message retention and files older
 * than the file retention, for good, in batches of {@code BatchSize} with
 * {@code TimeBetweenBatchesMilliseconds} between them.
 *
 * <p>Posts go channel by channel (channels in id order, each channel's expired posts oldest
 * first); with each batch of posts go their files: first the stored objects (bytes, thumbnail,
 * preview), then, in one transaction, the file rows and the posts. Then files older than the file
 * retention, whatever post they belong to (and uploads no post claimed). Deleting an object that
 * is already gone succeeds, so a batch interrupted between the objects and the rows is simply
 * done again; that, and fixing the cut-offs in the job's data at its first run, makes a job that
 * is reclaimed after a crash resume from its last checkpoint ({@code posts_after_channel}) and
 * delete exactly what the first attempt would have.
 *
 * <p>Progress: 0–90 through the channels, 90–100 for files.
 */
public final class DataRetentionRunner implements JobRunner {
  static final String MESSAGE_CUTOFF = "message_cutoff";
  static final String FILE_CUTOFF = "file_cutoff";
  static final String AFTER_CHANNEL = "posts_after_channel";
  static final String POSTS_DELETED = "posts_deleted";
  static final String FILES_DELETED = "files_deleted";
  static final String POSTS_DONE = "posts_done";
  private static final int CHANNEL_PAGE = 1000;
  private static final int PARALLEL_DELETES = 16;

  private final PersistencePool pool;
  private final RetentionRepository retention;
  private final FileStore files;
  private final Supplier<DataRetentionSettings> settings;
  private final Clock clock;

  public DataRetentionRunner(PersistencePool pool, RetentionRepository retention, FileStore files,
      Supplier<DataRetentionSettings> settings, Clock clock) {
    this.pool = pool;
    this.retention = retention;
    this.files = files;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String type() {
    return Job.DATA_RETENTION;
  }

  @Override
  public JobOutcome run(JobContext context) throws Exception {
    DataRetentionSettings s = settings.get();
    Map<String, String> data = new HashMap<>(context.job().data());
    long now = clock.millis();
    if (s.enableMessageDeletion()) {
      data.putIfAbsent(MESSAGE_CUTOFF, Long.toString(now - s.messageRetention().toMillis()));
    }
    if (s.enableFileDeletion()) {
      data.putIfAbsent(FILE_CUTOFF, Long.toString(now - s.fileRetention().toMillis()));
    }
    data.putIfAbsent(POSTS_DELETED, "0");
    data.putIfAbsent(FILES_DELETED, "0");
    context.checkpoint(0, data);
    Duration between = Duration.ofMillis(s.timeBetweenBatchesMilliseconds());
    if (data.containsKey(MESSAGE_CUTOFF) && !data.containsKey(POSTS_DONE)) {
      deletePosts(context, data, Long.parseLong(data.get(MESSAGE_CUTOFF)), s.batchSize(), between);
    }
    if (data.containsKey(FILE_CUTOFF)) {
      deleteFiles(context, data, Long.parseLong(data.get(FILE_CUTOFF)), s.batchSize(), between);
    }
    return JobOutcome.success(data);
  }

  /**
   * A batch takes up to {@code batchSize} expired posts from as many channels as it needs, so
   * the pause falls between full batches whatever the channels' sizes, as in Mattermost. The
   * cursor saved with a batch is the last channel all of whose expired posts are in it or in an
   * earlier batch: a resumed job starts after it and finds the rest by their age again.
   */
  private void deletePosts(JobContext context, Map<String, String> data, long cutoff, int batchSize, Duration between)
      throws Exception {
    int channelCount = await(pool.read(ReadPreference.PRIMARY, retention::countChannels));
    int channelsDone = 0;
    List<String> batch = new ArrayList<>(batchSize);
    String exhausted = data.getOrDefault(AFTER_CHANNEL, "");
    String after = exhausted;
    while (true) {
      String from = after;
      List<String> channels = await(pool.read(ReadPreference.PRIMARY, dsl -> retention.channelIdsAfter(dsl, from, CHANNEL_PAGE)));
      if (channels.isEmpty()) {
        break;
      }
      for (String channelId : channels) {
        while (true) {
          int room = batchSize - batch.size();
          List<String> postIds = await(pool.read(ReadPreference.PRIMARY,
              dsl -> retention.expiredPostIds(dsl, channelId, cutoff, room)));
          batch.addAll(postIds);
          if (postIds.size() < room) {
            break; // this channel has no more; the batch has room for the next one
          }
          deleteBatch(context, data, batch, exhausted, progress(channelsDone, channelCount));
          context.pause(between);
        }
        exhausted = channelId;
        channelsDone++;
      }
      after = channels.get(channels.size() - 1);
    }
    deleteBatch(context, data, batch, exhausted, 90);
    data.put(POSTS_DONE, "true");
    context.checkpoint(90, data);
  }

  /** Deletes the batch's file objects, then its file rows and posts, and saves the cursor. */
  private void deleteBatch(JobContext context, Map<String, String> data, List<String> batch, String cursor, long progress)
      throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    List<String> postIds = List.copyOf(batch);
    List<ExpiredFile> attached = await(pool.read(ReadPreference.PRIMARY, dsl -> retention.filesOfPosts(dsl, postIds)));
    deleteObjects(attached);
    int deleted = await(pool.write(dsl -> retention.deletePosts(dsl, postIds)));
    add(data, POSTS_DELETED, deleted);
    add(data, FILES_DELETED, attached.size());
    data.put(AFTER_CHANNEL, cursor);
    batch.clear();
    context.checkpoint(progress, data);
  }

  private void deleteFiles(JobContext context, Map<String, String> data, long cutoff, int batchSize, Duration between)
      throws Exception {
    while (true) {
      List<ExpiredFile> expired = await(pool.read(ReadPreference.PRIMARY, dsl -> retention.expiredFiles(dsl, cutoff, batchSize)));
      if (expired.isEmpty()) {
        return;
      }
      deleteObjects(expired);
      List<String> ids = expired.stream().map(ExpiredFile::id).toList();
      int deleted = await(pool.write(dsl -> retention.deleteFiles(dsl, ids)));
      add(data, FILES_DELETED, deleted);
      context.checkpoint(95, data);
      if (expired.size() < batchSize) {
        return;
      }
      context.pause(between);
    }
  }

  /**
   * The objects of a batch, {@value #PARALLEL_DELETES} at a time (enough to hide S3's latency,
   * few enough not to flood it); rows go only after every object is gone.
   */
  private void deleteObjects(List<ExpiredFile> expired) throws Exception {
    List<String> keys = expired.stream().flatMap(file -> file.keys().stream()).toList();
    for (int i = 0; i < keys.size(); i += PARALLEL_DELETES) {
      CompletableFuture<?>[] chunk = keys.subList(i, Math.min(keys.size(), i + PARALLEL_DELETES)).stream()
          .map(key -> files.delete(key).toCompletableFuture())
          .toArray(CompletableFuture[]::new);
      await(CompletableFuture.allOf(chunk));
    }
  }

  private static long progress(int done, int total) {
    return total == 0 ? 90 : Math.min(90, 90L * done / total);
  }

  private static void add(Map<String, String> data, String key, long n) {
    data.put(key, Long.toString(Long.parseLong(data.getOrDefault(key, "0")) + n));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
