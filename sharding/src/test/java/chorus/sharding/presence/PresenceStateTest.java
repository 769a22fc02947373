package chorus.sharding.presence;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.api.Status;
import chorus.protocol.cluster.PresenceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PresenceStateTest {
  private static final Duration AWAY_AFTER = Duration.ofMinutes(5);
  private static final long T0 = 1_000_000L;

  private static PresenceState fresh() {
    return PresenceState.initial("u", Optional.empty());
  }

  @Test
  void withoutAStoredStatusTheUserIsOffline() {
    PresenceState s = fresh();
    assertThat(s.status()).isEqualTo(Status.OFFLINE);
    assertThat(s.manual()).isFalse();
    assertThat(s.hasConnections()).isFalse();
  }

  @Test
  void aStoredStatusIsKeptButItsConnectionsAreNot() {
    PresenceState s = PresenceState.initial("u", Optional.of(new PresenceStatus("u", Status.DND, true, 5, 99)));
    assertThat(s.toStatus()).isEqualTo(new PresenceStatus("u", Status.DND, true, 5, 99));
    assertThat(s.hasConnections()).isFalse();
  }

  @Test
  void anUnknownStoredStatusCountsAsOffline() {
    PresenceState s = PresenceState.initial("u", Optional.of(new PresenceStatus("u", "sleeping", false, 5, 0)));
    assertThat(s.status()).isEqualTo(Status.OFFLINE);
  }

  @Test
  void theFirstConnectionMakesTheUserOnlineAndRecordsActivity() {
    PresenceState s = fresh().connectionOpened("c1", "node-a", T0);
    assertThat(s.status()).isEqualTo(Status.ONLINE);
    assertThat(s.lastActivityAt()).isEqualTo(T0);
    assertThat(s.connections()).containsEntry("c1", "node-a");
    assertThat(s.statusDiffers(fresh())).isTrue();
  }

  @Test
  void aSecondConnectionIsNoStatusChange() {
    PresenceState one = fresh().connectionOpened("c1", "node-a", T0);
    PresenceState two = one.connectionOpened("c2", "node-b", T0 + 1);
    assertThat(two.statusDiffers(one)).isFalse();
    assertThat(two.connections()).hasSize(2);
  }

  @Test
  void reAnnouncingAKnownConnectionOnlyUpdatesItsNodeAndIsNotActivity() {
    PresenceState away = fresh().connectionOpened("c1", "node-a", T0).awayIfIdle(T0 + AWAY_AFTER.toMillis(), AWAY_AFTER);
    PresenceState again = away.connectionOpened("c1", "node-b", T0 + AWAY_AFTER.toMillis() + 10);
    assertThat(again.status()).isEqualTo(Status.AWAY);
    assertThat(again.lastActivityAt()).isEqualTo(T0);
    assertThat(again.connections()).containsEntry("c1", "node-b");
  }

  @Test
  void closingTheLastConnectionMakesTheUserOffline() {
    PresenceState s = fresh().connectionOpened("c1", "a", T0).connectionOpened("c2", "a", T0);
    PresenceState oneLeft = s.connectionClosed("c1");
    assertThat(oneLeft.status()).isEqualTo(Status.ONLINE);
    assertThat(oneLeft.connectionClosed("c2").status()).isEqualTo(Status.OFFLINE);
  }

  @Test
  void closingAnUnknownConnectionChangesNothing() {
    PresenceState s = fresh().connectionOpened("c1", "a", T0);
    assertThat(s.connectionClosed("nope")).isEqualTo(s);
  }

  @Test
  void aManualStatusSticksAcrossConnectAndDisconnect() {
    PresenceState dnd = fresh().connectionOpened("c1", "a", T0).statusSet(Status.DND, true, 0, T0);
    assertThat(dnd.manual()).isTrue();
    PresenceState closed = dnd.connectionClosed("c1");
    assertThat(closed.status()).isEqualTo(Status.DND);
    PresenceState reopened = closed.connectionOpened("c2", "a", T0 + 5);
    assertThat(reopened.status()).isEqualTo(Status.DND);
    assertThat(reopened.activity(T0 + 6).status()).isEqualTo(Status.DND);
  }

  @Test
  void manualAwayAndOfflineStickToo() {
    PresenceState away = fresh().connectionOpened("c1", "a", T0).statusSet(Status.AWAY, true, 0, T0);
    assertThat(away.activity(T0 + 1).status()).isEqualTo(Status.AWAY);
    PresenceState offline = away.statusSet(Status.OFFLINE, true, 0, T0);
    assertThat(offline.connectionOpened("c2", "a", T0).status()).isEqualTo(Status.OFFLINE);
  }

  @Test
  void anAutomaticStatusDoesNotOverrideAManualOne() {
    PresenceState dnd = fresh().statusSet(Status.DND, true, 0, T0);
    assertThat(dnd.statusSet(Status.ONLINE, false, 0, T0)).isEqualTo(dnd);
    assertThat(dnd.statusSet(Status.AWAY, false, 0, T0)).isEqualTo(dnd);
  }

  @Test
  void choosingOnlineClearsTheManualFlag() {
    PresenceState online = fresh().statusSet(Status.DND, true, 0, T0).statusSet(Status.ONLINE, true, 0, T0 + 1);
    assertThat(online.status()).isEqualTo(Status.ONLINE);
    assertThat(online.manual()).isFalse();
    assertThat(online.lastActivityAt()).isEqualTo(T0 + 1);
  }

  @Test
  void dndIsAlwaysManualAndKeepsItsEndTimeOnlyWhileDnd() {
    PresenceState dnd = fresh().statusSet(Status.DND, false, 1234, T0);
    assertThat(dnd.manual()).isTrue();
    assertThat(dnd.dndEndTime()).isEqualTo(1234);
    assertThat(dnd.statusSet(Status.AWAY, true, 0, T0).dndEndTime()).isZero();
  }

  @Test
  void anUnknownStatusChangesNothing() {
    PresenceState s = fresh().connectionOpened("c1", "a", T0);
    assertThat(s.statusSet("busy", true, 0, T0)).isEqualTo(s);
  }

  @Test
  void anOnlineUserWithoutActivityForAwayAfterBecomesAway() {
    PresenceState online = fresh().connectionOpened("c1", "a", T0);
    assertThat(online.awayDueAt(AWAY_AFTER)).hasValue(T0 + AWAY_AFTER.toMillis());
    assertThat(online.awayIfIdle(T0 + AWAY_AFTER.toMillis() - 1, AWAY_AFTER).status()).isEqualTo(Status.ONLINE);
    PresenceState away = online.awayIfIdle(T0 + AWAY_AFTER.toMillis(), AWAY_AFTER);
    assertThat(away.status()).isEqualTo(Status.AWAY);
    assertThat(away.manual()).isFalse();
  }

  @Test
  void activityPushesTheAwayTimeAndBringsAnAwayUserBack() {
    PresenceState online = fresh().connectionOpened("c1", "a", T0).activity(T0 + 1000);
    assertThat(online.awayIfIdle(T0 + AWAY_AFTER.toMillis(), AWAY_AFTER).status()).isEqualTo(Status.ONLINE);
    PresenceState away = online.awayIfIdle(T0 + 1000 + AWAY_AFTER.toMillis(), AWAY_AFTER);
    assertThat(away.activity(T0 + 999_999).status()).isEqualTo(Status.ONLINE);
  }

  @Test
  void activityWithoutAConnectionDoesNotMakeTheUserOnline() {
    PresenceState s = fresh().activity(T0);
    assertThat(s.status()).isEqualTo(Status.OFFLINE);
    assertThat(s.lastActivityAt()).isEqualTo(T0);
  }

  @Test
  void aManualStatusHasNoAwayTimer() {
    PresenceState dnd = fresh().connectionOpened("c1", "a", T0).statusSet(Status.DND, true, 0, T0);
    assertThat(dnd.awayDueAt(AWAY_AFTER)).isEmpty();
    assertThat(dnd.awayIfIdle(Long.MAX_VALUE, AWAY_AFTER)).isEqualTo(dnd);
  }

  @Test
  void aTimedDndEndsOnlineWithAConnectionAndOfflineWithout() {
    long endSeconds = (T0 + 60_000) / 1000;
    PresenceState dnd = fresh().connectionOpened("c1", "a", T0).statusSet(Status.DND, true, endSeconds, T0);
    assertThat(dnd.dndEndsAt()).hasValue(endSeconds * 1000);
    assertThat(dnd.dndEndedIfDue(endSeconds * 1000 - 1)).isEqualTo(dnd);
    PresenceState ended = dnd.dndEndedIfDue(endSeconds * 1000);
    assertThat(ended.status()).isEqualTo(Status.ONLINE);
    assertThat(ended.manual()).isFalse();
    assertThat(ended.dndEndTime()).isZero();
    assertThat(dnd.connectionClosed("c1").dndEndedIfDue(endSeconds * 1000).status()).isEqualTo(Status.OFFLINE);
  }

  @Test
  void dndWithoutAnEndTimeNeverEnds() {
    PresenceState dnd = fresh().statusSet(Status.DND, true, 0, T0);
    assertThat(dnd.dndEndsAt()).isEmpty();
    assertThat(dnd.dndEndedIfDue(Long.MAX_VALUE)).isEqualTo(dnd);
  }

  @Test
  void activityTimeAloneIsNoStatusChange() {
    PresenceState online = fresh().connectionOpened("c1", "a", T0);
    assertThat(online.activity(T0 + 5).statusDiffers(online)).isFalse();
  }

  @Test
  void aRemovedNodeTakesItsConnectionsAndTheLastOneMakesTheUserOffline() {
    PresenceState s = fresh().connectionOpened("c1", "node-a", T0).connectionOpened("c2", "node-b", T0);

    PresenceState afterA = s.nodeRemoved("node-a");
    assertThat(afterA.status()).isEqualTo(Status.ONLINE);
    assertThat(afterA.connections()).containsOnlyKeys("c2");
    assertThat(afterA.nodeRemoved("node-b").status()).isEqualTo(Status.OFFLINE);
    assertThat(afterA.nodeRemoved("node-c")).isSameAs(afterA);
  }

  @Test
  void aRemovedNodeLeavesAManualStatusAlone() {
    PresenceState dnd = fresh().connectionOpened("c1", "node-a", T0).statusSet(Status.DND, true, 0, T0);

    PresenceState after = dnd.nodeRemoved("node-a");
    assertThat(after.status()).isEqualTo(Status.DND);
    assertThat(after.hasConnections()).isFalse();
  }

  @Test
  void foundConnectionsRestoreTheSetWithoutCountingAsActivity() {
    PresenceState restarted = PresenceState.initial("u", Optional.of(new PresenceStatus("u", Status.AWAY, false, 5, 0)));

    PresenceState found = restarted.connectionsFound("node-b", List.of("c1", "c2"), T0);
    assertThat(found.connections()).containsEntry("c1", "node-b").containsEntry("c2", "node-b");
    assertThat(found.status()).isEqualTo(Status.AWAY);
    assertThat(found.lastActivityAt()).isEqualTo(5);
  }

  @Test
  void connectionsFoundForAnOfflineUserCountAsOpenedSoTheyAreNotAwayAtOnce() {
    // The entity of a user never seen before can hear of the connection first from its node's
    // report; the connection's own "opened" then finds it known, which is not activity.
    PresenceState found = PresenceState.initial("u", Optional.empty()).connectionsFound("n", List.of("c"), T0)
        .connectionOpened("c", "n", T0 + 5);

    assertThat(found.status()).isEqualTo(Status.ONLINE);
    assertThat(found.lastActivityAt()).isEqualTo(T0);
    assertThat(found.awayIfIdle(T0 + 10, AWAY_AFTER).status()).isEqualTo(Status.ONLINE);
  }

  @Test
  void settlingWithNoConnectionEndsAnAutomaticStatusOnly() {
    assertThat(PresenceState.initial("u", Optional.of(new PresenceStatus("u", Status.ONLINE, false, 5, 0))).settled().status())
        .isEqualTo(Status.OFFLINE);
    assertThat(PresenceState.initial("u", Optional.of(new PresenceStatus("u", Status.AWAY, true, 5, 0))).settled().status())
        .isEqualTo(Status.AWAY);
    PresenceState connected = fresh().connectionOpened("c1", "n", T0);
    assertThat(connected.settled()).isSameAs(connected);
  }
}
