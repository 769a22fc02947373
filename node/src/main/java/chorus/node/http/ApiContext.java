package chorus.node.http;

import chorus.protocol.config.ChorusConfig;
import chorus.sharding.sessions.Sessions;

/** What every route file needs from the node. */
public record ApiContext(ChorusConfig config, ApiJsonResponses responses, Sessions sessions, ReadYourWrites readYourWrites) {}
