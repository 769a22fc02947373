package chorus.persistence.channels;

/**
 * One row of a channel's event log: a durable event exactly as it was published.
 *
 * @param subjectUserId for membership events, the user who joined or left; "" otherwise
 * @param createAt milliseconds on the database's clock
 */
public record StoredChannelEvent(String channelId, long position, String id, String event, String subjectUserId, String data,
    long createAt) {}
