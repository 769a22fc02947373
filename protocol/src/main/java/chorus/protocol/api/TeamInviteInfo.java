package chorus.protocol.api;

/** What an invite link shows before its holder joins ({@code GET /teams/invite/{invite_id}}). */
public record TeamInviteInfo(String id, String name, String displayName, String description) {}
