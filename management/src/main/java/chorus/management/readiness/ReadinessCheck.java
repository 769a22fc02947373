package chorus.management.readiness;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Pekko Management's readiness check ({@code /ready}, configured in application.conf): not
 * ready while the node starts and from the moment it begins to drain, so an orchestrator or
 * proxy that watches the management port takes it out of rotation at the same time as one
 * that watches {@code /api/v4/system/ping}.
 */
public final class ReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private final Readiness readiness;

  /** Called by Pekko Management with the classic actor system. */
  public ReadinessCheck(ActorSystem system) {
    this.readiness = Readiness.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(readiness.isReady());
  }
}
