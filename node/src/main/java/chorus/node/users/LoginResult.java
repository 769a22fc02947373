package chorus.node.users;

import chorus.protocol.api.Session;
import chorus.protocol.api.User;

public record LoginResult(User user, Session session) {}
