package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.sharding.testing.TestNodes;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MembershipIndexGateTest {
  private ActorTestKit indexed;
  private ActorTestKit older;

  private static ActorTestKit node(String name, List<String> roles) {
    return ActorTestKit.create(name, ConfigFactory.parseMap(java.util.Map.of("pekko.cluster.roles", roles))
        .withFallback(TestNodes.config()));
  }

  @AfterEach
  void stop() {
    for (ActorTestKit kit : new ActorTestKit[] {older, indexed}) {
      if (kit != null) {
        kit.shutdownTestKit();
      }
    }
  }

  @Test
  void opensOnlyWhileEveryMemberHasAnIndexAndClosesWhenAnOlderNodeJoins() {
    indexed = node("Gate", List.of(MembershipIndexGate.ROLE));
    TestNodes.join(indexed.system(), TestNodes.address(indexed.system()));
    TestNodes.awaitUp(indexed.system(), 1);
    MembershipIndexGate gate = new MembershipIndexGate(indexed.system());
    assertThat(gate.open()).isTrue();

    older = node("Gate", List.of());
    TestNodes.join(older.system(), TestNodes.address(indexed.system()));
    await().atMost(Duration.ofSeconds(20)).until(() -> !gate.open());
    assertThat(new MembershipIndexGate(older.system()).open()).as("a node without the role never leaves audiences out").isFalse();

    older.shutdownTestKit();
    older = null;
    await().atMost(Duration.ofSeconds(30)).until(gate::open);
  }
}
