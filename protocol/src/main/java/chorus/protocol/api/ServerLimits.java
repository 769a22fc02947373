package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /limits/server}. Mattermost names these fields in camelCase, unlike the rest of
 * its API. Chorus has no licence and no user limit: 0 means none.
 */
public record ServerLimits(
    @JsonProperty("activeUserCount") long activeUserCount,
    @JsonProperty("maxUsersLimit") long maxUsersLimit,
    @JsonProperty("maxUsersHardLimit") long maxUsersHardLimit) {}
