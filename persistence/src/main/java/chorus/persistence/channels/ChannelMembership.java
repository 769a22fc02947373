package chorus.persistence.channels;

import java.util.List;
import java.util.Set;

/**
 * A channel's members, its last event position and its joins and leaves after some position,
 * all read in one statement, so all three come from one snapshot.
 *
 * @param changes membership events in position order, their data left out
 */
public record ChannelMembership(long head, Set<String> members, List<StoredChannelEvent> changes) {}
