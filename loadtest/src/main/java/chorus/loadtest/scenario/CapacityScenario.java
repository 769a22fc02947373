package chorus.loadtest.scenario;

import chorus.loadtest.check.DeliveryChecker;
import chorus.loadtest.check.DeliveryReport;
import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.metrics.ActionStats;
import chorus.loadtest.metrics.LatencySummary;
import chorus.loadtest.metrics.Timeline;
import chorus.loadtest.sim.DeliveryTap;
import chorus.loadtest.sim.Drain;
import chorus.loadtest.sim.MattermostProfile;
import chorus.loadtest.sim.ProfileUser;
import chorus.loadtest.sim.SimUser;
import chorus.loadtest.sim.World;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario (d), capacity: Mattermost-profile users are added step by step; after each ramp
 * (the step's new users connected, each joining its action loop at a random point of it, see
 * {@link ProfileUser#start}) the scenario measures one window and judges it with Mattermost's pass criteria — client-side p99
 * of all requests under the limit (2 s) and errors under 0.025 %. The result is the highest
 * passing user count; the summary divides it by the node's cores, as it does fan-out's
 * deliveries. Posts made by the users are checked for delivery like everything else.
 */
public final class CapacityScenario {

  public record Params(List<Integer> userSteps, Duration window, double p99LimitMs, double maxErrorRate, MattermostProfile profile) {}

  public record Step(int users, LatencySummary overall, Map<String, LatencySummary> actions, boolean passed) {}

  public record Result(
      Params params,
      List<Step> steps,
      Optional<Integer> highestPassingUsers,
      boolean cappedByPopulation,
      DeliveryReport delivery,
      long reconnects,
      Map<String, List<Long>> timeline) {
  }

  /** WebSocket handshakes in flight while a step's users join. */
  private static final int RAMP_PARALLELISM = 32;
  private final ClientRuntime runtime;

  public CapacityScenario(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  public Result run(World world, Params params) {
    DeliveryChecker checker = new DeliveryChecker();
    Timeline timeline = new Timeline(3600);
    Map<String, List<String>> channelsByClient = new HashMap<>();
    world.users().forEach(u -> channelsByClient.put(u.id(), u.channelIds()));
    Map<String, List<String>> membersByChannel = new HashMap<>();
    world.members().forEach((channel, users) -> membersByChannel.put(channel, users.stream().map(SimUser::id).toList()));
    DeliveryTap tap = new DeliveryTap(checker, channelsByClient, timeline, runtime.json());
    AtomicReference<ActionStats> stats = new AtomicReference<>(new ActionStats());
    List<SimUser> pool = world.users().stream().filter(u -> !u.channelIds().isEmpty()).toList();
    List<ProfileUser> running = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    boolean capped = false;
    try {
      for (int target : params.userSteps()) {
        if (target > pool.size()) {
          capped = true;
          break;
        }
        List<ProfileUser> joining = new ArrayList<>();
        while (running.size() + joining.size() < target) {
          joining.add(new ProfileUser(runtime, pool.get(running.size() + joining.size()), params.profile(), stats, checker, timeline,
              membersByChannel));
        }
        running.addAll(joining);
        // Ramp: the new users connect, each joining the action loop at a random point of it, so
        // the window can open once they are all connected and see the step's full load at once.
        ProfileUser.startAll(joining, tap, RAMP_PARALLELISM);
        stats.set(new ActionStats());
        waitFor(params.window());
        ActionStats window = stats.getAndSet(new ActionStats());
        LatencySummary overall = window.overall();
        boolean passed = overall.count() > 0 && overall.p99Ms() < params.p99LimitMs() && overall.errorRate() < params.maxErrorRate();
        steps.add(new Step(target, overall, window.summaries(), passed));
        if (!passed) {
          break;
        }
      }
      running.forEach(ProfileUser::stopActions);
      Drain.await(tap::deliveries, Long.MAX_VALUE, Duration.ofSeconds(3));
    } finally {
      chorus.loadtest.sim.Sockets.close(running.stream().map(ProfileUser::socket).filter(java.util.Objects::nonNull).toList());
      running.forEach(ProfileUser::close);
    }
    Optional<Integer> best = steps.stream().filter(Step::passed).map(Step::users).reduce((a, b) -> b);
    long reconnects = running.stream().filter(u -> u.socket() != null).mapToLong(u -> u.socket().reconnects()).sum();
    return new Result(params, steps, best, capped, checker.report(), reconnects, timeline.snapshot());
  }

  /** The measurement window is wall-clock time under load. */
  private static void waitFor(Duration window) {
    try {
      Thread.sleep(window.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
