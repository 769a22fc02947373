package chorus.protocol.cluster;

/**
 * A user's presence as presence entities answer it between nodes; the REST shape
 * ({@code chorus.protocol.api.Status}) may change for Mattermost's sake without changing this.
 * {@code dndEndTime} is in seconds, {@code lastActivityAt} in milliseconds.
 */
public record PresenceStatus(String userId, String status, boolean manual, long lastActivityAt, long dndEndTime)
    implements CborSerializable {}
