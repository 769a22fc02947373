package chorus.management.discovery;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * Hands the node's {@link NodeDirectory} to {@link DatabaseServiceDiscovery}, which Pekko
 * Discovery instantiates by class name with nothing but the actor system: the composition
 * root binds the directory here, per actor system, before cluster bootstrap starts.
 */
public final class DiscoveryBinding implements Extension {
  public static final Id ID = new Id();

  private final AtomicReference<NodeDirectory> directory = new AtomicReference<>();

  public static DiscoveryBinding get(ActorSystem system) {
    return ID.get(system);
  }

  public void bind(NodeDirectory nodes) {
    directory.set(nodes);
  }

  NodeDirectory directory() {
    NodeDirectory bound = directory.get();
    if (bound == null) {
      throw new IllegalStateException("no NodeDirectory bound: start cluster bootstrap through ClusterFormation");
    }
    return bound;
  }

  /** The extension's id; Pekko keeps one instance per actor system. */
  public static final class Id extends AbstractExtensionId<DiscoveryBinding> {
    private Id() {}

    @Override
    public DiscoveryBinding createExtension(ExtendedActorSystem system) {
      return new DiscoveryBinding();
    }
  }
}
