package chorus.node.websocket;

import chorus.protocol.cluster.CborSerializable;
import chorus.protocol.cluster.ConnectionState;
import chorus.sharding.connections.ConnectionCommand;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The parent of this node's WebSocket connection actors: it starts one per socket, adopts the
 * connections another node hands over as it stops, and finds a node to adopt this node's own
 * when it stops. Connection actors stop by themselves; one that fails is stopped (its client
 * reconnects), never restarted with a half-made state.
 */
public final class Connections extends AbstractBehavior<Connections.Command> {
  /** Nodes that can adopt connections register their {@link Adopt} handler under this key. */
  public static final ServiceKey<Adopt> ADOPT_KEY = ServiceKey.create(Adopt.class, "chorus-ws-adopt");

  public sealed interface Command {}

  /** A socket connected (local only: it carries the socket). */
  record Open(ConnectionSetup setup, ActorRef<ActorRef<ConnectionMessage>> replyTo) implements Command {}

  /** A connection of this node, to be adopted by another node. */
  record Relocate(ConnectionState state, ActorRef<Relocation> replyTo) implements Command {}

  /**
   * From a stopping node: keep this connection until its client claims it. Taken by this
   * actor itself: the receptionist cannot both list to and register the same adapter.
   */
  public record Adopt(ConnectionState state, ActorRef<Relocation> replyTo) implements Command, CborSerializable {}

  /** How a relocation ended. */
  public sealed interface Relocation extends CborSerializable {}

  /** {@code holder} keeps the connection now. */
  public record Adopted(ActorRef<ConnectionCommand> holder) implements Relocation {}

  /** No other node could take it. */
  public record NotAdopted(String reason) implements Relocation {}

  /** Why a relocation ended when this node found no other to ask: said once by this actor for all of them. */
  static final String NO_OTHER_NODE = "no other node is ready";

  private record AdoptersListed(Receptionist.Listing listing) implements Command {}

  private final WebSocketServices services;
  private final ActorRef<Adopt> adoptHandler;
  private List<ActorRef<Adopt>> otherAdopters = List.of();
  private int next;
  // The last node of a cluster stopping with 10,000 connections would otherwise log 10,000 lines.
  private boolean saidNoOtherNode;

  public static Behavior<Command> create(WebSocketServices services) {
    return Behaviors.setup(ctx -> new Connections(ctx, services));
  }

  private Connections(ActorContext<Command> ctx, WebSocketServices services) {
    super(ctx);
    this.services = services;
    this.adoptHandler = ctx.getSelf().narrow();
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ADOPT_KEY, ctx.messageAdapter(Receptionist.Listing.class,
        AdoptersListed::new)));
  }

  /** Joins the nodes that adopt connections; call once the node's hub is ready. */
  public record Ready() implements Command {}

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(Relocate.class, this::onRelocate)
        .onMessage(Adopt.class, this::onAdopt)
        .onMessage(AdoptersListed.class, this::onAdoptersListed)
        .onMessage(Ready.class, msg -> {
          getContext().getSystem().receptionist().tell(Receptionist.register(ADOPT_KEY, adoptHandler));
          return this;
        })
        .build();
  }

  private Behavior<Command> onOpen(Open msg) {
    msg.replyTo().tell(spawn(msg.setup()));
    return this;
  }

  private ActorRef<ConnectionMessage> spawn(ConnectionSetup setup) {
    return getContext().spawnAnonymous(Behaviors.supervise(ConnectionOpening.create(services, setup))
        .onFailure(RuntimeException.class, SupervisorStrategy.stop()));
  }

  private Behavior<Command> onAdopt(Adopt adopt) {
    if (adopt.state().nextSeq() < 0) {
      adopt.replyTo().tell(new NotAdopted("the connection had already fallen too far behind"));
      return this;
    }
    // The adopted connection answers the old node itself, once it is registered with the hub.
    spawn(ConnectionSetup.adopting(adopt, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onAdoptersListed(AdoptersListed msg) {
    List<ActorRef<Adopt>> others = new ArrayList<>(msg.listing().getServiceInstances(ADOPT_KEY));
    others.remove(adoptHandler);
    otherAdopters = List.copyOf(others);
    saidNoOtherNode = saidNoOtherNode && otherAdopters.isEmpty();
    return this;
  }

  /** Spreads a stopping node's connections over the other nodes in turn. */
  private Behavior<Command> onRelocate(Relocate msg) {
    if (otherAdopters.isEmpty()) {
      if (!saidNoOtherNode) {
        saidNoOtherNode = true;
        getContext().getLog().warn("No other node is ready to adopt this node's WebSocket connections: each ends here, "
            + "and its client starts over with a new connection and refetches");
      }
      msg.replyTo().tell(new NotAdopted(NO_OTHER_NODE));
      return this;
    }
    otherAdopters.get(Math.floorMod(next++, otherAdopters.size())).tell(new Adopt(msg.state(), msg.replyTo()));
    return this;
  }
}
