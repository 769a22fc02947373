package chorus.sharding.hub;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ws.Broadcast;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionIndexTest {
  private ConnectionIndex<String> index;

  @BeforeEach
  void setUp() {
    index = new ConnectionIndex<>();
    index.add("u1", "c1a", "socket-1a");
    index.add("u1", "c1b", "socket-1b");
    index.add("u2", "c2", "socket-2");
    index.add("u3", "c3", "socket-3");
  }

  @Test
  void findsTheConnectionsOfAUser() {
    assertThat(index.recipients(new ClusterEvent("hello", "{}", Broadcast.toUser("u1"), null)))
        .containsExactlyInAnyOrder("socket-1a", "socket-1b");
  }

  @Test
  void findsTheAudienceOfAChannelEvenWhenItHasUsersWithoutLocalConnections() {
    var event = new ClusterEvent("posted", "{}", Broadcast.toChannel("ch"), Set.of("u2", "u3", "elsewhere"));
    assertThat(index.recipients(event)).containsExactlyInAnyOrder("socket-2", "socket-3");
  }

  @Test
  void findsEveryoneForAnEverybodyEvent() {
    assertThat(index.recipients(new ClusterEvent("new_user", "{}", Broadcast.toEveryone(), null))).hasSize(4);
  }

  @Test
  void reRegisteringAConnectionIdReplacesItAndReturnsTheOldOne() {
    var replaced = index.add("u2", "c1a", "socket-new");
    assertThat(replaced).map(ConnectionIndex.Entry::connection).contains("socket-1a");
    assertThat(index.size()).isEqualTo(4);
    assertThat(index.recipients(new ClusterEvent("x", "{}", Broadcast.toUser("u1"), null))).containsExactly("socket-1b");
    assertThat(index.recipients(new ClusterEvent("x", "{}", Broadcast.toUser("u2"), null)))
        .containsExactlyInAnyOrder("socket-2", "socket-new");
  }

  @Test
  void removingTheLastConnectionOfAHandleForgetsTheHandle() {
    index.add("u2", "c2b", "socket-2");
    assertThat(index.connectionIdsOf("socket-2")).containsExactlyInAnyOrder("c2", "c2b");
    index.remove("c2");
    assertThat(index.contains("socket-2")).isTrue();
    index.remove("c2b");
    assertThat(index.contains("socket-2")).isFalse();
    assertThat(index.remove("c2b")).isEmpty();
    assertThat(index.size()).isEqualTo(3);
  }
}
