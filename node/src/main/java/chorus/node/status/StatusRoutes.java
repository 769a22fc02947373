package chorus.node.status;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.UpdateStatusRequest;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code /users/{id}/status} and {@code /users/status/ids}. */
public final class StatusRoutes extends ApiDirectives {
  private final StatusService statuses;

  public StatusRoutes(ApiContext context, StatusService statuses) {
    super(context);
    this.statuses = statuses;
  }

  public Route routes() {
    return concat(
        path(segment("users").slash("status").slash("ids"), () -> post(() -> authenticated(caller ->
            jsonList(String.class, ids -> respondOk(statuses.getMany(caller.ownReads(), ids)))))),
        path(segment("users").slash(segment()).slash("status"), userId -> validUserId(userId, () -> concat(
            get(() -> authenticated(caller -> respondOk(statuses.get(caller.ownReads(), caller.resolve(userId))))),
            put(() -> authenticated(caller -> jsonBody(UpdateStatusRequest.class, body ->
                respondOk(statuses.set(caller, caller.resolve(userId), body)))))))));
  }
}
