package chorus.node.events;

import chorus.persistence.channels.StoredChannelEvent;
import chorus.protocol.ws.EventType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who could see a channel's past event: its members at that position, worked out from the
 * members now and the membership changes after it. Joins and leaves are events of the same
 * log, logged exactly when membership changes, so the first change of a user after a
 * position says what the user was at it: a later join means not yet a member, a later leave
 * means still one; a user with no later change was then what they are now.
 */
final class EventAudiences {
  private final Set<String> membersNow;
  private final Map<String, TreeMap<Long, Boolean>> changesByUser = new HashMap<>();

  /** @param changes the channel's membership events after the oldest position to be asked about */
  EventAudiences(Set<String> membersNow, List<StoredChannelEvent> changes) {
    this.membersNow = membersNow;
    for (StoredChannelEvent change : changes) {
      changesByUser.computeIfAbsent(change.subjectUserId(), u -> new TreeMap<>())
          .put(change.position(), EventType.USER_ADDED.equals(change.event()));
    }
  }

  /** The members right after the event at {@code position} was made. */
  Set<String> at(long position) {
    Set<String> audience = new HashSet<>(membersNow);
    changesByUser.forEach((user, changes) -> {
      Map.Entry<Long, Boolean> next = changes.higherEntry(position);
      if (next != null) {
        boolean joinedLater = next.getValue();
        if (joinedLater) {
          audience.remove(user);
        } else {
          audience.add(user);
        }
      }
    });
    return audience;
  }
}
