package chorus.persistence.export;

import static chorus.persistence.jooq.Tables.JOBS;

import chorus.protocol.api.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The reads of the compliance export. A window {@code (from, to]} holds every post that was
 * created, edited or deleted in it; each such moment falls into exactly one window, so
 * consecutive windows export each event once. The whole window is read in one REPEATABLE READ
 * snapshot through a server-side cursor, {@code batchSize} rows at a time, ordered by channel
 * then creation so that a writer can close one channel before it opens the next.
 */
public final class ExportRepository {
  /** A batch of posts and the files attached to them; may throw to stop the read. */
  @FunctionalInterface
  public interface BatchHandler {
    void batch(List<ExportedPost> posts, Map<String, List<ExportedFile>> filesByPost);
  }

  /**
   * The end of the window of the newest message_export job that ended as success or warning
   * (Mattermost counts a warning as a successful run), other than {@code jobId}.
   */
  public OptionalLong lastExportEnd(DSLContext dsl, String jobId) {
    var end = DSL.field("(data->>'end_time')::bigint", Long.class);
    Long found = dsl.select(DSL.max(end))
        .from(JOBS)
        .where(JOBS.TYPE.eq(Job.MESSAGE_EXPORT))
        .and(JOBS.STATUS.in(Job.SUCCESS, Job.WARNING))
        .and(JOBS.ID.ne(jobId))
        .fetchOne(0, Long.class);
    return found == null ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /** How many posts the window holds (for progress). */
  public int count(DSLContext dsl, long from, long to) {
    return dsl.fetchOne("SELECT count(*) FROM (" + windowQuery(from, to) + ") w").get(0, Integer.class);
  }

  /** Reads the window in one snapshot, handing each batch (with its posts' files) to {@code handler}. */
  public void forEachBatch(DSLContext dsl, long from, long to, int batchSize, BatchHandler handler) {
    dsl.transaction(configuration -> {
      DSLContext tx = configuration.dsl();
      tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      try (Cursor<Record> cursor = tx.resultQuery(windowQuery(from, to)).fetchSize(batchSize).fetchLazy()) {
        while (cursor.hasNext()) {
          List<ExportedPost> posts = new ArrayList<>(batchSize);
          for (Record row : cursor.fetchNext(batchSize)) {
            posts.add(toPost(row));
          }
          handler.batch(posts, files(tx, posts));
        }
      }
    });
  }

  /**
   * The window's rows as one SELECT (the two bounds are numbers, inlined), also usable in
   * {@code COPY (...) TO STDOUT} for a baseline. {@code update_at} moves with every change to a
   * post, so {@code update_at > from} narrows the scan to recent rows through its index.
   */
  public static String windowQuery(long from, long to) {
    return "SELECT p.id, p.create_at, p.update_at, p.edit_at, p.delete_at, p.user_id, p.channel_id, p.root_id, p.message, p.type,"
        + " c.team_id, coalesce(t.name, '') AS team_name, coalesce(t.display_name, '') AS team_display_name,"
        + " c.name AS channel_name, c.display_name AS channel_display_name, c.type AS channel_type,"
        + " coalesce(u.email, '') AS email, coalesce(u.username, '') AS username"
        + " FROM posts p JOIN channels c ON c.id = p.channel_id"
        + " LEFT JOIN teams t ON t.id = c.team_id AND c.team_id <> ''"
        + " LEFT JOIN users u ON u.id = p.user_id"
        + " WHERE p.update_at > " + from
        + " AND ((p.create_at > " + from + " AND p.create_at <= " + to + ")"
        + " OR (p.edit_at > " + from + " AND p.edit_at <= " + to + ")"
        + " OR (p.delete_at > " + from + " AND p.delete_at <= " + to + "))"
        + " ORDER BY p.channel_id, p.create_at, p.id";
  }

  private static Map<String, List<ExportedFile>> files(DSLContext tx, List<ExportedPost> posts) {
    Map<String, List<ExportedFile>> byPost = new LinkedHashMap<>();
    if (posts.isEmpty()) {
      return byPost;
    }
    String[] ids = posts.stream().map(ExportedPost::id).toArray(String[]::new);
    tx.resultQuery("SELECT id, post_id, name, path, delete_at FROM file_info WHERE post_id = ANY(?) ORDER BY post_id, create_at, id",
            DSL.val(ids))
        .fetch()
        .forEach(row -> byPost.computeIfAbsent(row.get(1, String.class), k -> new ArrayList<>())
            .add(new ExportedFile(row.get(0, String.class), row.get(1, String.class), row.get(2, String.class),
                row.get(3, String.class), row.get(4, Long.class))));
    return byPost;
  }

  private static ExportedPost toPost(Record row) {
    return new ExportedPost(
        row.get(0, String.class), row.get(1, Long.class), row.get(2, Long.class), row.get(3, Long.class), row.get(4, Long.class),
        row.get(5, String.class), row.get(6, String.class), row.get(7, String.class), row.get(8, String.class),
        row.get(9, String.class), row.get(10, String.class), row.get(11, String.class), row.get(12, String.class),
        row.get(13, String.class), row.get(14, String.class), row.get(15, String.class), row.get(16, String.class),
        row.get(17, String.class));
  }
}
