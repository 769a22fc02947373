package chorus.loadtest.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.stream.Materializer;

/**
 * The load generator's one Pekko actor system, whose HTTP connection pools carry every simulated
 * client's REST calls, and the selector threads that serve their WebSockets. The system's
 * configuration is explicit rather than read from an {@code application.conf} on the classpath,
 * because the CI smoke test shares a classpath with a node whose {@code application.conf} asks
 * for a cluster provider.
 */
public final class ClientRuntime implements AutoCloseable {
  private static final String SETTINGS = """
      pekko.actor.provider = local
      pekko.loglevel = WARNING
      pekko.stdout-loglevel = WARNING
      pekko.log-dead-letters = off
      pekko.log-dead-letters-during-shutdown = off
      # The CI smoke test runs with the node on the classpath, which brings pekko-discovery 1.2.1
      # next to Pekko 1.7.0 (the newest this registry serves); the node allows it the same way.
      pekko.fail-mixed-versions = off
      pekko.http.client.connecting-timeout = 15s
      # REST calls share pooled keep-alive connections; enough of them that the pool is never
      # the bottleneck being measured, and a queue deep enough for open-loop posting.
      pekko.http.host-connection-pool.max-connections = 128
      pekko.http.host-connection-pool.max-open-requests = 16384
      pekko.http.host-connection-pool.idle-timeout = 60s
      pekko.http.host-connection-pool.max-retries = 0
      """;

  private final ActorSystem system;
  private final Http http;
  private final Materializer materializer;
  private final ObjectMapper json = new ObjectMapper();
  private final SourceAddresses sourceAddresses;
  private final List<SocketReactor> reactors = new ArrayList<>();
  private final AtomicInteger nextReactor = new AtomicInteger();

  public ClientRuntime(SourceAddresses sourceAddresses) {
    Config config = ConfigFactory.parseString(SETTINGS)
        .withFallback(ConfigFactory.defaultReference(ClientRuntime.class.getClassLoader()));
    this.system = ActorSystem.create("chorus-loadtest", config, ClientRuntime.class.getClassLoader());
    this.http = Http.get(system);
    this.materializer = Materializer.matFromSystem(system);
    this.sourceAddresses = sourceAddresses;
    int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
    for (int i = 0; i < threads; i++) {
      reactors.add(new SocketReactor("loadtest-sockets-" + i));
    }
  }

  public ActorSystem system() {
    return system;
  }

  public Http http() {
    return http;
  }

  public Materializer materializer() {
    return materializer;
  }

  public ObjectMapper json() {
    return json;
  }

  public SourceAddresses sourceAddresses() {
    return sourceAddresses;
  }

  /** The selector thread for a new socket, round-robin. */
  SocketReactor reactor() {
    return reactors.get(Math.floorMod(nextReactor.getAndIncrement(), reactors.size()));
  }

  /** Runs {@code task} once after {@code delay} on the system's scheduler. */
  public void schedule(Duration delay, Runnable task) {
    system.scheduler().scheduleOnce(delay, task, system.dispatcher());
  }

  @Override
  public void close() {
    reactors.forEach(SocketReactor::close);
    try {
      http.shutdownAllConnectionPools().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Pools that do not drain in time are torn down with the system below.
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Results are written by now; a slow teardown of thousands of sockets is not a failure.
      System.err.println("the load generator's actor system did not stop within 30 s");
    }
  }
}
