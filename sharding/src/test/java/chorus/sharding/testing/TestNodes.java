package chorus.sharding.testing;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** Cluster nodes for tests: application-test.conf, Artery on a free 127.0.0.1 port. */
public final class TestNodes {
  private TestNodes() {}

  public static Config config() {
    return ConfigFactory.parseResources("application-test.conf").withFallback(ConfigFactory.load()).resolve();
  }

  /** A one-node cluster: joined to itself and Up, so sharding can allocate shards. */
  public static ActorTestKit singleNode(String name) {
    ActorTestKit testKit = ActorTestKit.create(name, config());
    join(testKit.system(), address(testKit.system()));
    awaitUp(testKit.system(), 1);
    return testKit;
  }

  public static void join(ActorSystem<?> system, Address seed) {
    Cluster.get(system).manager().tell(Join.create(seed));
  }

  public static Address address(ActorSystem<?> system) {
    return Cluster.get(system).selfMember().address();
  }

  public static void awaitUp(ActorSystem<?> system, int members) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      var state = Cluster.get(system).state();
      long up = java.util.stream.StreamSupport.stream(state.getMembers().spliterator(), false)
          .filter(m -> m.status() == MemberStatus.up())
          .count();
      return up == members;
    });
  }
}
