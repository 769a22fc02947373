package chorus.persistence.jobs;

import chorus.persistence.db.JsonColumns;
import chorus.protocol.api.Job;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * Queries on {@code jobs}. Beyond Mattermost's columns a job has a lease ({@code worker_node},
 * {@code lease_expires_at}), a fencing number ({@code fence}) and, when the scheduler made it,
 * a schedule slot ({@code slot_key}, unique per type).
 *
 * <p>Every time is taken on the database's clock, never the caller's: nodes whose clocks differ
 * must still agree on whose lease has run out. A worker's writes name the fence it claimed
 * with, so a worker whose job was reclaimed (it stalled past its lease) finds its writes match
 * no row and stops; that is the whole protection against two workers on one job.
 */
public final class JobRepository {
  private static final String NOW = "(extract(epoch from clock_timestamp()) * 1000)::bigint";
  private static final String COLUMNS = "id, type, priority, create_at, start_at, last_activity_at, status, progress, data::text AS data, fence";
  /** A job in one of these holds (or waits for) a worker; the others are finished. */
  private static final List<String> ACTIVE = List.of(Job.PENDING, Job.IN_PROGRESS, Job.CANCEL_REQUESTED);

  /** A job created through the API: pending, no slot. */
  public Job insert(DSLContext dsl, String id, String type, Map<String, String> data) {
    return toJob(dsl.resultQuery("INSERT INTO jobs (id, type, create_at, status, data) VALUES (?, ?, " + NOW + ", ?, CAST(? AS jsonb)) RETURNING "
        + COLUMNS, id, type, Job.PENDING, json(data)).fetchSingle());
  }

  /**
   * Inserts the pending job of one schedule slot unless that slot already has a job (in any
   * status) or another job of the type is still pending or running, in which case the slot
   * waits: the scheduler offers it again on its next check while it is still the current slot,
   * as Mattermost does not pile up jobs of a type ({@code CreateJobOnce}). Two leaders at once
   * (a partition) cannot both insert a slot: the unique index decides.
   *
   * @return the job, if this call created it
   */
  public Optional<Job> insertForSlot(DSLContext dsl, String id, String type, String slotKey, Map<String, String> data) {
    return dsl.resultQuery("INSERT INTO jobs (id, type, create_at, status, data, slot_key)"
            + " SELECT ?, ?, " + NOW + ", ?, CAST(? AS jsonb), ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE type = ? AND status IN (?, ?, ?))"
            + " ON CONFLICT (type, slot_key) WHERE slot_key IS NOT NULL DO NOTHING RETURNING " + COLUMNS,
            id, type, Job.PENDING, json(data), slotKey, type, ACTIVE.get(0), ACTIVE.get(1), ACTIVE.get(2))
        .fetchOptional().map(JobRepository::toJob);
  }

  /** Whether the slot has its job already (whatever became of it). */
  public boolean slotTaken(DSLContext dsl, String type, String slotKey) {
    return dsl.fetchExists(dsl.selectOne().from("jobs").where("type = ? AND slot_key = ?", type, slotKey));
  }

  /**
   * Takes the oldest pending job of one of {@code types} for {@code workerNode}: in progress,
   * leased for {@code leaseMillis}, with the next fencing number. {@code SKIP LOCKED} lets
   * workers claiming at the same moment pass each other instead of queueing on one row, and the
   * row lock makes each job go to exactly one of them.
   */
  public Optional<ClaimedJob> claim(DSLContext dsl, Collection<String> types, String workerNode, long leaseMillis) {
    if (types.isEmpty()) {
      return Optional.empty();
    }
    String[] typeArray = types.toArray(String[]::new);
    return dsl.resultQuery("UPDATE jobs SET status = ?, start_at = " + NOW + ", last_activity_at = " + NOW
            + ", lease_expires_at = " + NOW + " + ?, worker_node = ?, fence = fence + 1"
            + " WHERE id = (SELECT id FROM jobs WHERE status = ? AND type = ANY (?) ORDER BY create_at, id"
            + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + COLUMNS,
            Job.IN_PROGRESS, leaseMillis, workerNode, Job.PENDING, typeArray)
        .fetchOptional().map(r -> new ClaimedJob(toJob(r), r.get("fence", Long.class)));
  }

  /**
   * Renews the lease and, when given, saves progress and data, only while {@code fence} still
   * holds the job. Answers the job's status (in progress or cancel requested), or empty when the
   * job is no longer this worker's.
   */
  public Optional<String> heartbeat(DSLContext dsl, String id, long fence, long leaseMillis, Optional<Progress> progress) {
    String set = "last_activity_at = " + NOW + ", lease_expires_at = " + NOW + " + ?";
    if (progress.isPresent()) {
      return dsl.resultQuery("UPDATE jobs SET " + set + ", progress = ?, data = CAST(? AS jsonb) WHERE id = ? AND fence = ? AND status IN (?, ?)"
              + " RETURNING status", leaseMillis, progress.get().percent(), json(progress.get().data()), id, fence,
              Job.IN_PROGRESS, Job.CANCEL_REQUESTED)
          .fetchOptional(0, String.class);
    }
    return dsl.resultQuery("UPDATE jobs SET " + set + " WHERE id = ? AND fence = ? AND status IN (?, ?) RETURNING status",
            leaseMillis, id, fence, Job.IN_PROGRESS, Job.CANCEL_REQUESTED)
        .fetchOptional(0, String.class);
  }

  /** What a checkpoint saves. */
  public record Progress(long percent, Map<String, String> data) {}

  /**
   * Ends the job with {@code status} (success, warning, error or canceled), only while
   * {@code fence} still holds it; false when another worker has it now. {@code worker_node}
   * keeps the node that ran it.
   */
  public boolean finish(DSLContext dsl, String id, long fence, String status, long progress, Map<String, String> data) {
    return dsl.execute("UPDATE jobs SET status = ?, progress = ?, data = CAST(? AS jsonb), last_activity_at = " + NOW
            + ", lease_expires_at = 0 WHERE id = ? AND fence = ? AND status IN (?, ?)",
        status, progress, json(data), id, fence, Job.IN_PROGRESS, Job.CANCEL_REQUESTED) > 0;
  }

  /**
   * Hands a job back (its node is stopping): pending again for any worker, or canceled if a
   * cancel was requested meanwhile. False when the fence no longer holds.
   */
  public boolean release(DSLContext dsl, String id, long fence) {
    return dsl.execute("UPDATE jobs SET status = CASE WHEN status = ? THEN ? ELSE ? END, lease_expires_at = 0, worker_node = '',"
            + " last_activity_at = " + NOW + " WHERE id = ? AND fence = ? AND status IN (?, ?)",
        Job.CANCEL_REQUESTED, Job.CANCELED, Job.PENDING, id, fence, Job.IN_PROGRESS, Job.CANCEL_REQUESTED) > 0;
  }

  /**
   * Jobs whose worker stopped renewing the lease: a running one goes back to pending (its data
   * keeps the last checkpoint, so the next worker resumes there), one whose cancel was requested
   * is canceled. Answers how many changed.
   */
  public int reclaimExpired(DSLContext dsl) {
    return dsl.execute("UPDATE jobs SET status = CASE WHEN status = ? THEN ? ELSE ? END, worker_node = '', lease_expires_at = 0,"
            + " last_activity_at = " + NOW + " WHERE status IN (?, ?) AND lease_expires_at < " + NOW,
        Job.CANCEL_REQUESTED, Job.CANCELED, Job.PENDING, Job.IN_PROGRESS, Job.CANCEL_REQUESTED);
  }

  /**
   * Mattermost's {@code RequestCancellation}: a pending job is canceled at once, a running one
   * gets {@code cancel_requested} and its worker ends it. Answers the job as it is now, or empty
   * when it was in neither state.
   */
  public Optional<Job> requestCancel(DSLContext dsl, String id) {
    return dsl.resultQuery("UPDATE jobs SET status = CASE WHEN status = ? THEN ? ELSE ? END, last_activity_at = " + NOW
            + " WHERE id = ? AND status IN (?, ?) RETURNING " + COLUMNS,
            Job.PENDING, Job.CANCELED, Job.CANCEL_REQUESTED, id, Job.PENDING, Job.IN_PROGRESS)
        .fetchOptional().map(JobRepository::toJob);
  }

  /** How many jobs there are of each (type, status), for the metrics: an index-only count. */
  public Map<List<String>, Integer> countByTypeAndStatus(DSLContext dsl) {
    Map<List<String>, Integer> counts = new HashMap<>();
    dsl.fetch("SELECT type, status, count(*) AS n FROM jobs GROUP BY type, status")
        .forEach(row -> counts.put(List.of(row.get("type", String.class), row.get("status", String.class)), row.get("n", Integer.class)));
    return counts;
  }

  public Optional<Job> findById(DSLContext dsl, String id) {
    return dsl.resultQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id).fetchOptional().map(JobRepository::toJob);
  }

  /** The status of the job, if it exists: cheap enough for a running job to poll. */
  public Optional<String> status(DSLContext dsl, String id) {
    return dsl.resultQuery("SELECT status FROM jobs WHERE id = ?", id).fetchOptional(0, String.class);
  }

  /** A page of jobs of any of {@code types} (all types when empty), newest first, as Mattermost lists them. */
  public List<Job> page(DSLContext dsl, Collection<String> types, Optional<String> status, int offset, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE true");
    List<Object> binds = new java.util.ArrayList<>();
    if (!types.isEmpty()) {
      sql.append(" AND type = ANY (?)");
      binds.add(types.toArray(String[]::new));
    }
    if (status.isPresent()) {
      sql.append(" AND status = ?");
      binds.add(status.get());
    }
    sql.append(" ORDER BY create_at DESC, id DESC OFFSET ? LIMIT ?");
    binds.add(offset);
    binds.add(limit);
    return dsl.resultQuery(sql.toString(), binds.toArray()).fetch(JobRepository::toJob);
  }

  /**
   * Deletes finished jobs created more than {@code olderThanMillis} ago (Mattermost's
   * {@code CleanupJobsThresholdDays}), at most {@code limit} per call. The newest scheduled job
   * of each type stays whatever its age: it is what tells the scheduler its slot is done.
   */
  public int deleteFinishedOlderThan(DSLContext dsl, long olderThanMillis, int limit) {
    return dsl.execute("DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status NOT IN (?, ?, ?) AND create_at < " + NOW
            + " - ? AND id NOT IN (SELECT DISTINCT ON (type) id FROM jobs WHERE slot_key IS NOT NULL ORDER BY type, create_at DESC)"
            + " LIMIT ?)",
        ACTIVE.get(0), ACTIVE.get(1), ACTIVE.get(2), olderThanMillis, limit);
  }

  private static String json(Map<String, String> data) {
    return JsonColumns.object(data).data();
  }

  private static Job toJob(Record r) {
    return new Job(r.get("id", String.class), r.get("type", String.class), r.get("priority", Long.class),
        r.get("create_at", Long.class), r.get("start_at", Long.class), r.get("last_activity_at", Long.class),
        r.get("status", String.class), r.get("progress", Long.class), JsonColumns.stringMap(JSONB.valueOf(r.get("data", String.class))));
  }
}
