package chorus.sharding.sessions;

import chorus.protocol.api.Session;

/** The verdict on a token: exactly three outcomes, which routes map to 200 / 401 / 503. */
public sealed interface SessionCheck {
  record Valid(Session session) implements SessionCheck {}

  record Invalid() implements SessionCheck {}

  /** The session could not be checked (database unreachable, timeout); not a verdict on the token. */
  record Unavailable(String reason) implements SessionCheck {}
}
