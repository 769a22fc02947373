package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /limits/server}. Mattermost names these fields in camelCase, unlike the rest of
 * its API. Chorus has no licence, no user limit and no message history limit: 0 means none.
 * Only system admins are told the active users; everyone else gets 0 there, as in Mattermost
 * 11, whose apps ask for the limits at start-up whoever signs in.
 */
public record ServerLimits(
    @JsonProperty("activeUserCount") long activeUserCount,
    @JsonProperty("maxUsersLimit") long maxUsersLimit,
    @JsonProperty("maxUsersHardLimit") long maxUsersHardLimit,
    @JsonProperty("postHistoryLimit") long postHistoryLimit,
    @JsonProperty("lastAccessiblePostTime") long lastAccessiblePostTime) {

  /** No limits, and nothing told about the users. */
  public static final ServerLimits NONE = new ServerLimits(0, 0, 0, 0, 0);

  public static ServerLimits withActiveUsers(long activeUserCount) {
    return new ServerLimits(activeUserCount, 0, 0, 0, 0);
  }
}
