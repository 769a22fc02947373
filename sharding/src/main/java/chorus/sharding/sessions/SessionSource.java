package chorus.sharding.sessions;

import chorus.protocol.api.Session;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where {@link NodeSessions} reads a session from: the node implements it with the sessions
 * repository, reading the primary (a session that was just created must be found). It must
 * not block the calling thread; a failed stage means the database could not answer, which is
 * not the same as "no such session".
 */
@FunctionalInterface
public interface SessionSource {
  CompletionStage<Optional<Session>> load(String token);
}
