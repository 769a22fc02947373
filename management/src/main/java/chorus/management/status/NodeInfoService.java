package chorus.management.status;

import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.NodeDescription;
import chorus.sharding.ActorSpawner;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Every node's {@link NodeDescription} (what the cluster status lists), asked of the nodes themselves: each node runs one small
 * actor registered with the cluster receptionist, and {@link #clusterInfos} asks all that
 * are registered. A node that does not answer within the timeout is not live and is left
 * out, as Mattermost's cluster status lists only live nodes. So is, without being asked, a node
 * the cluster already knows is going or gone (leaving, exiting, down, removed, or unreachable
 * to this node): the receptionist lists it until its removal has spread, and asking it would
 * hold the whole answer for the timeout, so a status page would see the node vanish only then.
 */
public final class NodeInfoService {
  static final ServiceKey<Query> KEY = ServiceKey.create(Query.class, "chorus-node-info");
  /** How often an awaited answer checks whether its node is still a live member. */
  private static final Duration GONE_CHECK = Duration.ofMillis(200);

  public record Query(ActorRef<Answer> replyTo) implements CborSerializable {}

  public record Answer(NodeDescription info) implements CborSerializable {}

  private final ActorSystem<?> system;
  private final Duration timeout;

  private NodeInfoService(ActorSystem<?> system, Duration timeout) {
    this.system = system;
    this.timeout = timeout;
  }

  /** Starts this node's answering actor; {@code info} is read on every question, so it stays current. */
  public static NodeInfoService start(ActorSystem<?> system, ActorSpawner spawner, Supplier<NodeDescription> info,
      Duration timeout) {
    spawner.spawn(answering(info), "chorus-node-info");
    return new NodeInfoService(system, timeout);
  }

  private static Behavior<Query> answering(Supplier<NodeDescription> info) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return Behaviors.receiveMessage(query -> {
        query.replyTo().tell(new Answer(info.get()));
        return Behaviors.same();
      });
    });
  }

  /** One entry per node that answered, ordered by host name then id. */
  public CompletionStage<List<NodeDescription>> clusterInfos() {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(KEY, replyTo), timeout, system.scheduler())
        .thenCompose(listing -> collect(listing.getServiceInstances(KEY).stream().filter(this::isLive).collect(Collectors.toSet())));
  }

  /** Whether the node {@code ref} lives on is a member Up (or weakly up) that this node can reach. */
  private boolean isLive(ActorRef<Query> ref) {
    Cluster cluster = Cluster.get(system);
    Address address = ref.path().address().hasLocalScope() ? cluster.selfMember().address() : ref.path().address();
    var state = cluster.state();
    for (Member member : state.getMembers()) {
      if (member.address().equals(address)) {
        return (member.status().equals(MemberStatus.up()) || member.status().equals(MemberStatus.weaklyUp()))
            && !state.getUnreachable().contains(member);
      }
    }
    return false;
  }

  /**
   * One node's answer, or null when it does not answer in time or, while it is awaited, the
   * cluster finds it gone or unreachable: a node that crashed after the question was sent is
   * then left out as soon as the failure detector sees it, not at the end of the timeout.
   */
  private CompletableFuture<NodeDescription> ask(ActorRef<Query> node) {
    CompletableFuture<NodeDescription> answer = AskPattern.<Query, Answer>ask(node, Query::new, timeout, system.scheduler())
        .thenApply(Answer::info)
        .exceptionally(unreachable -> null)
        .toCompletableFuture();
    Cancellable watch = system.scheduler().scheduleWithFixedDelay(GONE_CHECK, GONE_CHECK, () -> {
      if (!isLive(node)) {
        answer.complete(null);
      }
    }, system.executionContext());
    answer.whenComplete((info, failure) -> watch.cancel());
    return answer;
  }

  private CompletionStage<List<NodeDescription>> collect(Set<ActorRef<Query>> nodes) {
    List<CompletableFuture<NodeDescription>> answers = nodes.stream().map(this::ask).toList();
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(done -> answers.stream().map(CompletableFuture::join).filter(Objects::nonNull)
            .sorted(Comparator.comparing(NodeDescription::hostname).thenComparing(NodeDescription::id))
            .toList());
  }
}
