package chorus.protocol.cluster;

/**
 * {@code userId} wrote through some node at {@code at} (epoch ms): for a while every node
 * sends that user's reads of their own data to the primary (read your writes).
 */
public record WriteMark(String userId, long at) implements BusMessage {}
