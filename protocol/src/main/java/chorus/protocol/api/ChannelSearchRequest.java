package chorus.protocol.api;

/** {@code POST /teams/{team_id}/channels/search}: the term; an absent or empty one finds every public channel. */
public record ChannelSearchRequest(String term) {}
