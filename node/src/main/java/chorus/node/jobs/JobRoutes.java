package chorus.node.jobs;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.management.jobs.JobService;
import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.persistence.files.FileStore;
import chorus.protocol.api.Job;
import chorus.protocol.api.StatusOk;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Mattermost's jobs API, for system admins only (401 without a session, 403 for anyone else):
 * {@code GET /jobs} (newest first, {@code page}, {@code per_page}, optional {@code job_type} and
 * {@code status}), {@code POST /jobs} ({@code {type, data}}, 201), {@code GET /jobs/{id}},
 * {@code GET /jobs/type/{type}}, {@code POST /jobs/{id}/cancel} and
 * {@code GET /jobs/{id}/download}, which streams the file-store object named by the job's
 * {@code data.file_path} (the compliance export's zip). A type other than the ones Chorus runs
 * is a 400.
 */
public final class JobRoutes extends ApiDirectives {
  /** The job types Chorus knows; Mattermost's others have no runner here. */
  public static final Set<String> TYPES = Set.of(Job.DATA_RETENTION, Job.LDAP_SYNC, Job.MESSAGE_EXPORT);
  static final String FILE_PATH = "file_path";
  private static final Set<String> STATUSES = Set.of(Job.PENDING, Job.IN_PROGRESS, Job.SUCCESS, Job.ERROR, Job.CANCEL_REQUESTED,
      Job.CANCELED, Job.WARNING);

  private final JobService jobs;
  private final FileStore files;

  public JobRoutes(ApiContext context, JobService jobs, FileStore files) {
    super(context);
    this.jobs = jobs;
    this.files = files;
  }

  /** The body of {@code POST /jobs}: Mattermost reads only these two fields of the Job it is sent. */
  public record NewJob(String type, Map<String, String> data) {}

  public Route routes() {
    return concat(jobRoutes(), ldapSync());
  }

  /** {@code POST /ldap/sync}: Mattermost's "Synchronize now", an ldap_sync job for the next worker. */
  private Route ldapSync() {
    return path(segment("ldap").slash("sync"), () -> post(() -> authenticated(caller -> {
      caller.requireSystemAdmin();
      return respondOk(jobs.create(Job.LDAP_SYNC, Map.of()).thenApply(created -> StatusOk.OK));
    })));
  }

  private Route jobRoutes() {
    return pathPrefix("jobs", () -> authenticated(caller -> {
      caller.requireSystemAdmin();
      return concat(
          pathEnd(() -> concat(
              get(() -> paging((page, perPage) -> parameterOptional("job_type", type -> parameterOptional("status", status ->
                  list(type.filter(t -> !t.isEmpty()), status.filter(s -> !s.isEmpty()), page, perPage))))),
              post(() -> jsonBody(NewJob.class, body -> respondCreated(jobs.create(knownType(body.type()), body.data())))))),
          path(segment("type").slash(segment()), type -> get(() -> paging((page, perPage) ->
              respondOk(jobs.page(List.of(knownType(type)), Optional.empty(), page, perPage))))),
          pathPrefix(segment(), id -> validId(id, "job_id", () -> concat(
              pathEnd(() -> get(() -> respondOk(existing(id)))),
              path("cancel", () -> post(() -> respondOk(cancel(id)))),
              path("download", () -> get(() -> withoutRequestTimeout(() -> respondWith(download(id)))))))));
    }));
  }

  private Route list(Optional<String> type, Optional<String> status, int page, int perPage) {
    List<String> types = type.map(t -> List.of(knownType(t))).orElse(List.of());
    if (status.isPresent() && !STATUSES.contains(status.get())) {
      throw ApiException.invalidUrlParam("status");
    }
    return respondOk(jobs.page(types, status, page, perPage));
  }

  private static String knownType(String type) {
    if (type == null || !TYPES.contains(type)) {
      throw ApiException.badRequest("model.job.is_valid.type.app_error", "Invalid job type.");
    }
    return type;
  }

  private CompletionStage<Job> existing(String id) {
    return jobs.get(id).thenApply(job -> job.orElseThrow(JobRoutes::notFound));
  }

  private CompletionStage<Map<String, String>> cancel(String id) {
    return jobs.requestCancel(id).thenCompose(canceled -> canceled.isPresent()
        ? java.util.concurrent.CompletableFuture.completedFuture(Map.of("status", "OK"))
        : existing(id).thenApply(job -> {
          throw ApiException.badRequest("jobs.request_cancellation.status.error",
              "Could not request cancellation for job that is not in a cancelable state.");
        }));
  }

  private CompletionStage<HttpResponse> download(String id) {
    return existing(id).thenApply(job -> {
      String key = job.data().getOrDefault(FILE_PATH, "");
      if (key.isEmpty()) {
        throw ApiException.notFound("api.job.retrieve.nofile", "The file does not exist.");
      }
      String name = key.substring(key.lastIndexOf('/') + 1);
      return HttpResponse.create()
          .withEntity(HttpEntities.createChunked(name.endsWith(".zip")
              ? ContentTypes.create(org.apache.pekko.http.javadsl.model.MediaTypes.APPLICATION_ZIP)
              : ContentTypes.APPLICATION_OCTET_STREAM, files.read(key)))
          .addHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT, Map.of("filename", name)));
    });
  }

  private static ApiException notFound() {
    return ApiException.notFound("app.job.get.app_error", "Unable to get the job.");
  }
}
