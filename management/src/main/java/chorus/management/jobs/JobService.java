package chorus.management.jobs;

import chorus.persistence.jobs.JobRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.protocol.api.Job;
import chorus.protocol.ids.Ids;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the jobs API does with the jobs table. Reads go to the primary: an admin who just
 * created or canceled a job reads it back next, and the table is small.
 */
public final class JobService {
  private final PersistencePool pool;
  private final JobRepository jobs;
  private final Ids ids;

  public JobService(PersistencePool pool, JobRepository jobs, Ids ids) {
    this.pool = pool;
    this.jobs = jobs;
    this.ids = ids;
  }

  public CompletionStage<Job> create(String type, Map<String, String> data) {
    String id = ids.next();
    return pool.write(dsl -> jobs.insert(dsl, id, type, data == null ? Map.of() : data));
  }

  public CompletionStage<Optional<Job>> get(String id) {
    return pool.read(ReadPreference.PRIMARY, dsl -> jobs.findById(dsl, id));
  }

  public CompletionStage<List<Job>> page(Collection<String> types, Optional<String> status, int page, int perPage) {
    return pool.read(ReadPreference.PRIMARY, dsl -> jobs.page(dsl, types, status, page * perPage, perPage));
  }

  /** The job after the request, or empty when it was neither pending nor running. */
  public CompletionStage<Optional<Job>> requestCancel(String id) {
    return pool.write(dsl -> jobs.requestCancel(dsl, id));
  }
}
