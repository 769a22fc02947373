package chorus.management.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigSyncTest {
  private ActorTestKit a;
  private ActorTestKit b;

  @AfterEach
  void stop() {
    if (b != null) {
      b.shutdownTestKit();
    }
    if (a != null) {
      a.shutdownTestKit();
    }
  }

  @Test
  void aChangeAnnouncedOnOneNodeMakesTheOthersReloadOrAdoptItButNotItself() {
    var config = ConfigFactory.parseResources("application-test.conf").withFallback(ConfigFactory.load()).resolve();
    a = ActorTestKit.create("Sync", config);
    b = ActorTestKit.create("Sync", config);
    var seed = Cluster.get(a.system()).selfMember().address();
    Cluster.get(a.system()).manager().tell(Join.create(seed));
    Cluster.get(b.system()).manager().tell(Join.create(seed));
    awaitUp(a.system());
    awaitUp(b.system());
    AtomicInteger reloadsOnA = new AtomicInteger();
    AtomicInteger reloadsOnB = new AtomicInteger();
    List<ConfigSync.ConfigSaved> savedOnA = new CopyOnWriteArrayList<>();
    List<ConfigSync.ConfigSaved> savedOnB = new CopyOnWriteArrayList<>();
    ConfigSync syncA = ConfigSync.start(chorus.sharding.ActorSpawner.systemActors(a.system()), "node-a", reloadsOnA::incrementAndGet,
        savedOnA::add);
    ConfigSync.start(chorus.sharding.ActorSpawner.systemActors(b.system()), "node-b", reloadsOnB::incrementAndGet, savedOnB::add);

    // The topic on A learns of B's subscriber through receptionist gossip; announce until it has.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      syncA.announce();
      return reloadsOnB.get() > 0;
    });

    // A's own subscriber is local and would have had each announcement before B did.
    assertThat(reloadsOnA.get()).isZero();

    String settings = "{\"TeamSettings\":{\"SiteName\":\"Saved\"}}";
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      syncA.announceSaved(settings);
      return !savedOnB.isEmpty();
    });
    assertThat(savedOnB.get(0)).isEqualTo(new ConfigSync.ConfigSaved("node-a", settings));
    assertThat(savedOnA).isEmpty();
  }

  private static void awaitUp(ActorSystem<?> system) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      int up = 0;
      for (var member : Cluster.get(system).state().getMembers()) {
        up += member.status() == MemberStatus.up() ? 1 : 0;
      }
      return up == 2;
    });
  }
}
