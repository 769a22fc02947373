package chorus.sharding.events;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel's members as one database snapshot saw them: at {@code head} (the channel's last
 * event position then), with the joins and leaves logged after some earlier position, which is
 * enough to tell the members right after any event since then.
 *
 * <p>Joins and leaves are events of the channel's own log, logged in the transaction that
 * changes the membership, so the first change of a user after a position says what the user
 * was at it: a later join means not yet a member, a later leave means still one; a user with no
 * later change was then what they are at the head.
 *
 * @param changes in position order, each at most {@code head}
 */
public record ChannelMembers(long head, Set<String> members, List<Change> changes) {
  /** A user joined ({@code joined}) or left the channel at {@code position}. */
  public record Change(long position, String userId, boolean joined) {}

  public ChannelMembers {
    members = Set.copyOf(members);
    changes = List.copyOf(changes);
  }

  /** The members right after the event at {@code position}; exact when no change at or before it was left out. */
  public Set<String> at(long position) {
    if (position >= head) {
      return members;
    }
    Map<String, Boolean> firstChangeAfter = new HashMap<>();
    for (Change change : changes) {
      if (change.position() > position) {
        firstChangeAfter.putIfAbsent(change.userId(), change.joined());
      }
    }
    Set<String> then = new HashSet<>(members);
    firstChangeAfter.forEach((user, joinedLater) -> {
      if (joinedLater) {
        then.remove(user);
      } else {
        then.add(user);
      }
    });
    return then;
  }
}
