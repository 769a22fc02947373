package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {
  private ConnectionRegistry<String> index;

  @BeforeEach
  void setUp() {
    index = new ConnectionRegistry<>();
    index.add("u1", "c1a", "s-c1a", "socket-1a");
    index.add("u1", "c1b", "s-c1b", "socket-1b");
    index.add("u2", "c2", "s-c2", "socket-2");
    index.add("u3", "c3", "s-c3", "socket-3");
  }

  @Test
  void findsTheConnectionsOfAUser() {
    assertThat(index.recipients(ClusterEvent.unpositioned("id", "hello", "{}", Broadcast.toUser("u1"), null), null))
        .containsExactlyInAnyOrder("socket-1a", "socket-1b");
  }

  @Test
  void findsTheAudienceOfAChannelEvenWhenItHasUsersWithoutLocalConnections() {
    var event = ClusterEvent.unpositioned("id", "posted", "{}", Broadcast.toChannel("ch"), null);
    assertThat(index.recipients(event, Set.of("u2", "u3", "elsewhere"))).containsExactlyInAnyOrder("socket-2", "socket-3");
  }

  @Test
  void findsEveryoneForAnEverybodyEvent() {
    assertThat(index.recipients(ClusterEvent.unpositioned("id", "new_user", "{}", Broadcast.toEveryone(), null), null)).hasSize(4);
  }

  @Test
  void reRegisteringAConnectionIdReplacesItAndReturnsTheOldOne() {
    var replaced = index.add("u2", "c1a", "s-new", "socket-new");
    assertThat(replaced).map(ConnectionRegistry.Entry::connection).contains("socket-1a");
    assertThat(index.size()).isEqualTo(4);
    assertThat(index.recipients(ClusterEvent.unpositioned("id", "x", "{}", Broadcast.toUser("u1"), null), null)).containsExactly("socket-1b");
    assertThat(index.recipients(ClusterEvent.unpositioned("id", "x", "{}", Broadcast.toUser("u2"), null), null))
        .containsExactlyInAnyOrder("socket-2", "socket-new");
  }

  @Test
  void aForwardReceivesTheEventsOfItsConnectionUntilItExpires() {
    index.forward("c1a", "remote-holder", 5_000);

    assertThat(index.recipients(ClusterEvent.unpositioned("id", "x", "{}", Broadcast.toUser("u1"), null), null))
        .containsExactlyInAnyOrder("remote-holder", "socket-1b");
    assertThat(index.presentConnectionIdsOfUser("u1")).as("a forward keeps nobody online here").containsExactly("c1b");
    assertThat(index.held()).extracting(ConnectionRegistry.Entry::connectionId).doesNotContain("c1a");
    assertThat(index.expireForwards(4_999)).isEmpty();
    assertThat(index.expireForwards(5_000)).extracting(ConnectionRegistry.Entry::connectionId).containsExactly("c1a");
    assertThat(index.get("c1a")).isEmpty();
  }

  @Test
  void aConnectionHeldHereAgainAfterItsForwardIsNoLongerExpiredAsAForward() {
    index.forward("c1a", "remote-holder", 5_000);
    index.add("u1", "c1a", "s-c1a", "socket-back");

    assertThat(index.expireForwards(5_000)).isEmpty();
    assertThat(index.get("c1a")).map(ConnectionRegistry.Entry::connection).contains("socket-back");
    assertThat(index.held()).extracting(ConnectionRegistry.Entry::connectionId).contains("c1a");
  }

  @Test
  void aClosedSocketStopsKeepingItsUserOnlineButStillReceives() {
    index.setPresent("c2", "socket-2", false);
    index.setPresent("c1a", "someone-else", false);

    assertThat(index.presentConnectionIdsOfUser("u2")).isEmpty();
    assertThat(index.presentConnectionIdsOfUser("u1")).containsExactlyInAnyOrder("c1a", "c1b");
    assertThat(index.recipients(ClusterEvent.unpositioned("id", "x", "{}", Broadcast.toUser("u2"), null), null)).containsExactly("socket-2");
  }

  @Test
  void revocationFindsConnectionsBySessionOrByUser() {
    assertThat(index.heldBySessions(java.util.List.of("s-c2"), "")).extracting(ConnectionRegistry.Entry::connectionId)
        .containsExactly("c2");
    assertThat(index.heldBySessions(java.util.List.of(), "u1")).extracting(ConnectionRegistry.Entry::connectionId)
        .containsExactlyInAnyOrder("c1a", "c1b");
    assertThat(index.removeIfHeldBy("c3", "not-its-socket")).isEmpty();
    assertThat(index.removeIfHeldBy("c3", "socket-3")).isPresent();
  }

  @Test
  void removingTheLastConnectionOfAHandleForgetsTheHandle() {
    index.add("u2", "c2b", "s-c2b", "socket-2");
    assertThat(index.connectionIdsOf("socket-2")).containsExactlyInAnyOrder("c2", "c2b");
    index.remove("c2");
    assertThat(index.contains("socket-2")).isTrue();
    index.remove("c2b");
    assertThat(index.contains("socket-2")).isFalse();
    assertThat(index.remove("c2b")).isEmpty();
    assertThat(index.size()).isEqualTo(3);
  }
}
