package chorus.protocol.api;

/**
 * {@code GET /users/{id}/teams/unread}: per team, the posts the user has not read in its
 * channels (direct and group channels excluded, as in Mattermost). Chorus has no followed
 * threads, so the thread counts are 0.
 */
public record TeamUnread(
    String teamId,
    long msgCount,
    long mentionCount,
    long msgCountRoot,
    long mentionCountRoot,
    long urgentMentionCount,
    long threadCount,
    long threadMentionCount,
    long threadUrgentMentionCount) {}
