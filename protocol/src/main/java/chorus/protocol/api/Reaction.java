package chorus.protocol.api;

/**
 * A user's emoji on a post ({@code model/reaction.go}). {@code remote_id} is always empty and
 * {@code delete_at} always 0: Chorus has no shared channels and keeps no removed reactions.
 */
public record Reaction(String userId, String postId, String emojiName, long createAt, long updateAt, long deleteAt,
    String remoteId, String channelId) {

  public static Reaction of(String userId, String postId, String emojiName, String channelId, long createAt, long updateAt) {
    return new Reaction(userId, postId, emojiName, createAt, updateAt, 0, "", channelId);
  }
}
