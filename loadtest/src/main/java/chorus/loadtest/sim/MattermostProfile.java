package chorus.loadtest.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The action mix and think times of a "Mattermost-profile" user, modelled on
 * mattermost-load-test-ng's simulative controller ({@code loadtest/control/simulcontroller}):
 * relative action frequencies from its {@code getActionList}, idle time between actions drawn
 * uniformly from [min, 2·avg − min) as its {@code PickIdleTimeMs} does with the sample config's
 * {@code MinIdleTimeMs = 1000} and {@code AvgIdleTimeMs = 20000}, and a status poll every 60 s
 * as its {@code periodic.go} does.
 *
 * <p>Only actions Chorus serves are in the default mix; threads, reactions, search, custom
 * statuses and the rest (about 23 % of upstream's weight) are left out rather than faked, so the
 * remaining weights are used as they are (renormalised by the draw).
 */
public record MattermostProfile(Map<Action, Double> weights, long minIdleMillis, long avgIdleMillis, long statusPollMillis) {

  /** What a simulated user can do, and what each does on the wire. */
  public enum Action {
    /** GET the channel's newest 60 posts, then POST view (mark read). Upstream weight 6.5219. */
    SWITCH_CHANNEL,
    /** GET the next older page of posts. Upstream weight 1.9873. */
    SCROLL_CHANNEL,
    /** GET the user's channel memberships in the team (unread counts). Upstream weight 1.0. */
    UNREAD_CHECK,
    /** WebSocket {@code user_typing}, then POST a post. Upstream weight 1.0. */
    CREATE_POST
  }

  public MattermostProfile {
    if (minIdleMillis < 0 || avgIdleMillis < minIdleMillis) {
      throw new IllegalArgumentException("idle times need 0 <= min <= avg, got " + minIdleMillis + ", " + avgIdleMillis);
    }
    if (weights.isEmpty() || weights.values().stream().anyMatch(w -> w < 0) || weights.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("the action mix needs at least one positive weight: " + weights);
    }
    weights = Map.copyOf(weights);
  }

  public static MattermostProfile standard() {
    Map<Action, Double> weights = new LinkedHashMap<>();
    weights.put(Action.SWITCH_CHANNEL, 6.5219);
    weights.put(Action.SCROLL_CHANNEL, 1.9873);
    weights.put(Action.UNREAD_CHECK, 1.0);
    weights.put(Action.CREATE_POST, 1.0);
    return new MattermostProfile(weights, 1_000, 20_000, 60_000);
  }

  /**
   * Parses a mix like {@code SWITCH_CHANNEL=6.5,CREATE_POST=2} (actions left out get weight 0)
   * over the standard think times.
   */
  public static MattermostProfile withMix(String mix) {
    Map<Action, Double> weights = new LinkedHashMap<>();
    for (String part : mix.split(",")) {
      String[] kv = part.trim().split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected ACTION=weight, got '" + part + "'");
      }
      weights.put(Action.valueOf(kv[0].trim().toUpperCase()), Double.parseDouble(kv[1].trim()));
    }
    MattermostProfile standard = standard();
    return new MattermostProfile(weights, standard.minIdleMillis(), standard.avgIdleMillis(), standard.statusPollMillis());
  }

  public MattermostProfile withIdle(long minMillis, long avgMillis) {
    return new MattermostProfile(weights, minMillis, avgMillis, statusPollMillis);
  }

  public Action pick() {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    double r = ThreadLocalRandom.current().nextDouble(total);
    for (Map.Entry<Action, Double> e : weights.entrySet()) {
      r -= e.getValue();
      if (r < 0) {
        return e.getKey();
      }
    }
    return weights.keySet().iterator().next();
  }

  public long idleMillis() {
    long span = 2 * (avgIdleMillis - minIdleMillis);
    return minIdleMillis + (span == 0 ? 0 : ThreadLocalRandom.current().nextLong(span));
  }

  /**
   * The wait until a user's first action when it joins a loop that has been running for a
   * long time: the idle time left at a random moment (the renewal process's equilibrium
   * forward-recurrence time, density P(idle &gt; r) / avg). Users that start with it act, from
   * their first second, at the long-run rate of one action per {@code avg}; users that start
   * with a fresh {@link #idleMillis()} act at only 1 / (2·avg − 2·min) per second until their
   * first action, so a window opened right after they connect would see less than the load.
   */
  public long residualIdleMillis() {
    double u = ThreadLocalRandom.current().nextDouble();
    double min = minIdleMillis;
    double avg = avgIdleMillis;
    double max = 2 * avg - min;
    if (u * avg < min || max == min) {
      return (long) (u * avg);
    }
    // Inverse of the distribution function a/avg + ((max-min)^2 - (max-r)^2) / (2 (max-min) avg) on [min, max).
    double span = max - min;
    return (long) (max - Math.sqrt(Math.max(0, span * span - 2 * span * (u * avg - min))));
  }

  /** When a joining user's first status poll falls: a random point of the poll period, for the same reason. */
  public long residualStatusPollMillis() {
    return statusPollMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(statusPollMillis);
  }
}
