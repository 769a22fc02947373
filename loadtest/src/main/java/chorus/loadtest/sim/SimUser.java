package chorus.loadtest.sim;

import chorus.loadtest.client.RestClient;
import java.util.List;

/** A signed-up, logged-in user of the load population and the REST client it talks through. */
public record SimUser(int index, String id, String username, String token, String teamId, List<String> channelIds, RestClient rest) {}
