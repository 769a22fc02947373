package chorus.protocol.api;

/** {@code POST /reactions}: the fields of a {@link Reaction} the server reads; the rest it sets. */
public record SaveReactionRequest(String userId, String postId, String emojiName) {}
