package chorus.protocol.api;

import java.util.List;

/**
 * A followed thread as Mattermost's threads view shows it ({@code ThreadResponse}): the root
 * post, the counters, and how far the user read. {@code participants} are the repliers, the latest
 * last: each as {@code {"id": ...}}, or as the {@link User} when the caller asked for
 * {@code extended=true}.
 */
public record UserThread(
    String id,
    long replyCount,
    long lastReplyAt,
    long lastViewedAt,
    List<Object> participants,
    Post post,
    long unreadReplies,
    long unreadMentions,
    boolean isFollowing) {

  /** A replier, by id only (Mattermost's answer without {@code extended=true}). */
  public record Participant(String id) {}
}
