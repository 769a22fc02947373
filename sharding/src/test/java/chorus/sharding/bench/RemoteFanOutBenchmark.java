package chorus.sharding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import chorus.sharding.ActorSpawner;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.events.EventBus;
import chorus.sharding.hub.HubNotices;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.testing.InMemoryChannelEvents;
import chorus.sharding.testing.TestNodes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What it costs a node to receive channel events none of its connections want, next to
 * events one of its connections does want, measured in the same run: node A publishes, node
 * B (another actor system in this JVM, over real Artery TCP and CBOR) holds 1,000
 * connections. Tagged {@code benchmark}, so the suite leaves it out; run it with
 * {@code mvn -B -pl sharding -am test -Dbenchmarks= -Dgroups=benchmark -Dtest=RemoteFanOutBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class RemoteFanOutBenchmark {
  private static final int CONNECTIONS = 1_000;
  private static final int AUDIENCE = 50;
  private static final int EVENTS = 200_000;
  private static final String CHANNEL = "bench-channel";
  private static final int BATCH = 1_000;

  @Test
  void unwantedEventsNextToWantedOnes() throws Exception {
    ActorTestKit a = ActorTestKit.create("Bench", TestNodes.config());
    ActorTestKit b = ActorTestKit.create("Bench", TestNodes.config());
    try {
      TestNodes.join(a.system(), TestNodes.address(a.system()));
      TestNodes.join(b.system(), TestNodes.address(a.system()));
      TestNodes.awaitUp(a.system(), 2);
      TestNodes.awaitUp(b.system(), 2);
      EventBus busA = EventBus.create(ActorSpawner.systemActors(a.system()));
      EventBus busB = EventBus.create(ActorSpawner.systemActors(b.system()));
      ActorRef<WebSocketHub.Command> hub = b.spawn(WebSocketHub.create(new WebSocketHub.Deps(busB,
          ConnectionDirectory.create(ActorSpawner.systemActors(b.system())), new InMemoryChannelEvents(), HubNotices.NONE,
          Clock.systemUTC(), new CompletableFuture<>()), "b"), "hub");
      AtomicLong delivered = new AtomicLong();
      CountDownLatch[] marker = {new CountDownLatch(1)};
      ActorRef<ConnectionCommand> socket = b.spawn(Behaviors.receive(ConnectionCommand.class).onMessage(ConnectionCommand.Deliver.class, d -> {
        if ("marker".equals(d.event().event())) {
          marker[0].countDown();
        } else {
          delivered.incrementAndGet();
        }
        return Behaviors.same();
      }).build());
      for (int i = 0; i < CONNECTIONS; i++) {
        hub.tell(new WebSocketHub.Register("local-" + i, "conn-" + i, "s", socket));
      }
      Set<String> remoteOnly = new HashSet<>();
      Set<String> withOneLocal = new HashSet<>();
      for (int i = 0; i < AUDIENCE; i++) {
        remoteOnly.add("remote-" + i);
        withOneLocal.add(i == 0 ? "local-7" : "remote-" + i);
      }
      // Topics learn of node B through receptionist gossip; then warm up with both kinds.
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        marker[0] = new CountDownLatch(1);
        busA.publish(ClusterEvent.unpositioned("m", "marker", "{}", Broadcast.toChannel(CHANNEL), Set.of("local-7")));
        return marker[0].await(200, TimeUnit.MILLISECONDS);
      });
      for (int round = 0; round < 3; round++) {
        run(busA, remoteOnly, marker, 50_000);
        run(busA, withOneLocal, marker, 50_000);
      }
      double unwanted = run(busA, remoteOnly, marker, EVENTS);
      delivered.set(0);
      double wanted = run(busA, withOneLocal, marker, EVENTS);
      System.out.printf("[fan-out] node B absorbed %,.0f unwanted events/s and %,.0f wanted events/s (%d delivered); ratio %.2f%n",
          unwanted, wanted, delivered.get(), unwanted / wanted);
      assertThat(delivered.get()).isEqualTo(EVENTS);
    } finally {
      b.shutdownTestKit();
      a.shutdownTestKit();
    }
  }

  /**
   * Publishes {@code events} channel events in batches, each followed by a marker on the same
   * topic (so it arrives after the batch) that B must see before the next batch: Artery's
   * outbound queue would drop a burst of hundreds of thousands. Answers events per second.
   */
  private static double run(EventBus bus, Set<String> audience, CountDownLatch[] marker, int events) throws Exception {
    ClusterEvent event = ClusterEvent.unpositioned("p", "posted", "{\"post\":\"{}\"}", Broadcast.toChannel(CHANNEL), audience);
    ClusterEvent end = ClusterEvent.unpositioned("m", "marker", "{}", Broadcast.toChannel(CHANNEL), Set.of("local-7"));
    long start = System.nanoTime();
    for (int sent = 0; sent < events; sent += BATCH) {
      marker[0] = new CountDownLatch(1);
      for (int i = 0; i < BATCH; i++) {
        bus.publish(event);
      }
      bus.publish(end);
      if (!marker[0].await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node B did not see the end of a batch; did Artery drop messages?");
      }
    }
    return events / ((System.nanoTime() - start) / 1e9);
  }
}
