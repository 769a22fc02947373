package chorus.sharding.hub;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Whether a channel event may leave its audience out, so that every hub finds the members in
 * its own {@link MembershipIndex}: only when every node of the cluster has such a hub, which it
 * says by the {@link #ROLE} cluster role. A hub of the release before takes an event without an
 * audience as one for everybody, so while one runs (a rolling upgrade), events carry their
 * audience as before.
 *
 * <p>Every member counts, whatever its status: a leaving node still delivers while it drains,
 * and an unreachable one may come back. A node of the release before that joins later cannot
 * receive an event published before this node saw it join: its hub accepts no WebSocket until
 * it has proven the bus with every hub in the receptionist, which replicates only among members
 * that have seen each other join.
 */
public final class MembershipIndexGate {
  /** The role a node with a membership index carries (a wire name: UPGRADING.md, rule 3). */
  public static final String ROLE = "chorus-membership-index";

  private final Cluster cluster;

  public MembershipIndexGate(ActorSystem<?> system) {
    this.cluster = Cluster.get(system);
  }

  /** True when channel events may be published without their audience. */
  public boolean open() {
    if (!cluster.selfMember().hasRole(ROLE)) {
      return false;
    }
    for (Member member : cluster.state().getMembers()) {
      if (!member.hasRole(ROLE)) {
        return false;
      }
    }
    return true;
  }
}
