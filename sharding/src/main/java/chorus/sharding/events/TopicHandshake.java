package chorus.sharding.events;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A starting node's proof that pub-sub works both ways with every other member before it
 * serves anyone. Pekko's topics learn of a new node through receptionist gossip, and until
 * they do, what they publish does not reach it (and what it publishes does not reach them),
 * silently. So every member publishes a probe to this node on each bucket, and this node
 * publishes one to every member on each bucket and waits for each to say all arrived.
 *
 * <p>Members are identified by their address; a member that leaves, or stops being reachable,
 * is no longer waited for. Not thread-safe: it lives inside the hub.
 */
public final class TopicHandshake {
  private final int buckets;
  private final Map<String, Set<Integer>> received = new HashMap<>();
  private final Set<String> acknowledged = new HashSet<>();
  private Set<String> members = Set.of();

  public TopicHandshake(int buckets) {
    this.buckets = buckets;
  }

  /** The other members that must answer: Up and reachable. */
  public void members(Set<String> others) {
    members = Set.copyOf(others);
  }

  /** A probe from {@code member} arrived on {@code bucket}. */
  public void probeReceived(String member, int bucket) {
    received.computeIfAbsent(member, m -> new HashSet<>()).add(bucket);
  }

  /** {@code member} received this node's probes on every bucket. */
  public void acknowledged(String member) {
    acknowledged.add(member);
  }

  /** Members whose probes to this node have not all arrived yet. */
  public Set<String> awaitingProbesFrom() {
    Set<String> out = new HashSet<>();
    for (String member : members) {
      if (received.getOrDefault(member, Set.of()).size() < buckets) {
        out.add(member);
      }
    }
    return out;
  }

  /** Members that have not yet confirmed this node's probes. */
  public Set<String> awaitingAcknowledgementFrom() {
    Set<String> out = new HashSet<>(members);
    out.removeAll(acknowledged);
    return out;
  }

  public boolean complete() {
    return awaitingProbesFrom().isEmpty() && awaitingAcknowledgementFrom().isEmpty();
  }
}
