package chorus.loadtest.sim;

import java.util.List;
import java.util.Map;

/** What {@link Population} built: one team, its channels and their members. */
public record World(SimUser admin, String teamId, List<SimUser> users, List<String> channelIds, Map<String, List<SimUser>> members) {}
