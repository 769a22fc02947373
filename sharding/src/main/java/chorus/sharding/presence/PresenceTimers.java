package chorus.sharding.presence;

import java.time.Duration;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The timers a presence entity keeps armed for its state: the away rule, the end of a timed
 * dnd, and passivation once the user has no connection. Re-armed after every change; a timer
 * that fires early finds nothing to do and the next change arms it again.
 */
final class PresenceTimers<T> {
  private static final Duration MAX_TIMER_DELAY = Duration.ofHours(1);
  private static final String AWAY = "away";
  private static final String DND = "dnd";
  private static final String IDLE = "idle";

  private final TimerScheduler<T> timers;
  private final Duration awayAfter;
  private final Duration passivateAfter;
  private final T checkAway;
  private final T checkDnd;
  private final T checkIdle;
  private long dndTimerAt = -1;

  PresenceTimers(TimerScheduler<T> timers, Duration awayAfter, Duration passivateAfter, T checkAway, T checkDnd, T checkIdle) {
    this.timers = timers;
    this.awayAfter = awayAfter;
    this.passivateAfter = passivateAfter;
    this.checkAway = checkAway;
    this.checkDnd = checkDnd;
    this.checkIdle = checkIdle;
  }

  void rearm(PresenceState state, long now) {
    OptionalLong awayAt = state.awayDueAt(awayAfter);
    if (awayAt.isEmpty()) {
      timers.cancel(AWAY);
    } else if (!timers.isTimerActive(AWAY)) {
      // Activity only moves the due time later, so a running timer is never late.
      timers.startSingleTimer(AWAY, checkAway, delayUntil(awayAt.getAsLong(), now));
    }
    OptionalLong dndEnd = state.dndEndsAt();
    if (dndEnd.isEmpty()) {
      timers.cancel(DND);
      dndTimerAt = -1;
    } else if (dndEnd.getAsLong() != dndTimerAt) {
      dndTimerAt = dndEnd.getAsLong();
      timers.startSingleTimer(DND, checkDnd, delayUntil(dndTimerAt, now));
    }
    if (state.hasConnections()) {
      timers.cancel(IDLE);
    } else {
      timers.startSingleTimer(IDLE, checkIdle, passivateAfter);
    }
  }

  /** The dnd timer fired. */
  void dndFired() {
    dndTimerAt = -1;
  }

  private static Duration delayUntil(long at, long now) {
    Duration delay = Duration.ofMillis(Math.max(1, at - now));
    return delay.compareTo(MAX_TIMER_DELAY) > 0 ? MAX_TIMER_DELAY : delay;
  }
}
