package chorus.protocol.api;

/**
 * {@code POST /users/search} (Mattermost's {@code UserSearch}). {@code group_constrained},
 * roles and groups are accepted and ignored: Chorus has no groups or custom roles.
 * {@code limit} absent or 0 means 100.
 */
public record UserSearchRequest(String term, String teamId, String notInTeamId, String inChannelId, String notInChannelId,
    Boolean allowInactive, Boolean withoutTeam, Integer limit) {}
