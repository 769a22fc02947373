package chorus.node.http;

import chorus.protocol.config.ChorusConfig;
import chorus.sharding.sessions.NodeSessions;

/** What every route file needs from the node. */
public record ApiContext(ChorusConfig config, ApiJsonResponses responses, NodeSessions sessions, ReadYourWrites readYourWrites) {}
