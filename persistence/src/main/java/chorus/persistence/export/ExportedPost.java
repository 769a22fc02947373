package chorus.persistence.export;

/** A post as the compliance export writes it: the post with its channel, team and sender. */
public record ExportedPost(
    String id,
    long createAt,
    long updateAt,
    long editAt,
    long deleteAt,
    String userId,
    String channelId,
    String rootId,
    String message,
    String type,
    String teamId,
    String teamName,
    String teamDisplayName,
    String channelName,
    String channelDisplayName,
    String channelType,
    String userEmail,
    String username) {}
