package chorus.loadtest.scenario;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.metrics.ActionStats;
import chorus.loadtest.metrics.LatencySummary;
import chorus.loadtest.metrics.Timeline;
import chorus.loadtest.sim.Pacer;
import chorus.loadtest.sim.PostStamp;
import chorus.loadtest.sim.SimUser;
import chorus.loadtest.sim.World;
import chorus.loadtest.sim.NewPost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario (c), durable posts: createPost open-loop at rising rates (each post a durable
 * commit), spread over the population's users and their channels. The highest rate whose p99
 * stays within the limit with no errors and no skipped sends is "sustained". When a pgbench
 * baseline was measured, one more step runs at 70 % of its rate, which is where the target
 * judges p99.
 */
public final class DurablePostsScenario {

  public record Params(List<Integer> postsPerSecond, Duration stepDuration, double p99LimitMs, Duration warmUp) {}

  public record Step(int targetPostsPerSecond, double postsPerSecond, long skipped, LatencySummary createPost, boolean withinLimit) {}

  public record Result(
      Params params,
      List<Step> steps,
      Optional<Step> best,
      Optional<PgBenchBaseline.Result> pgbench,
      Optional<Step> atSeventyPercentOfBaseline,
      Map<String, List<Long>> timeline) {

    /** Highest sustained createPost rate over the pgbench single-row INSERT rate. */
    public Optional<Double> ratioToBaseline() {
      return best.flatMap(b -> pgbench.map(p -> b.postsPerSecond() / p.tps()));
    }
  }

  private final ClientRuntime runtime;

  public DurablePostsScenario(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  public Result run(World world, Params params, Optional<PgBenchBaseline.Result> pgbench) {
    Timeline timeline = new Timeline(3600);
    List<SimUser> posters = world.users().stream().filter(u -> !u.channelIds().isEmpty()).toList();
    // Warm-up at the first rate, unmeasured: the first seconds of a cold JIT would otherwise
    // be judged as the server's sustained latency.
    if (!params.postsPerSecond().isEmpty()) {
      step(params.postsPerSecond().get(0), posters, new Params(params.postsPerSecond(), params.warmUp(), params.p99LimitMs(), params.warmUp()), timeline);
    }
    List<Step> steps = new ArrayList<>();
    for (int rate : params.postsPerSecond()) {
      Step step = step(rate, posters, params, timeline);
      steps.add(step);
      if (!step.withinLimit()) {
        break;
      }
    }
    Optional<Step> best = steps.stream().filter(Step::withinLimit).reduce((a, b) -> b);
    Optional<Step> atSeventy = pgbench.map(p -> step((int) Math.max(1, Math.round(p.tps() * 0.7)), posters, params, timeline));
    return new Result(params, steps, best, pgbench, atSeventy, timeline.snapshot());
  }

  /** How long a step waits for its last answers: an overloaded step must not stall the run. */
  private static Duration drain(Duration step) {
    Duration twice = step.multipliedBy(2);
    return twice.compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : twice;
  }

  private Step step(int rate, List<SimUser> posters, Params params, Timeline timeline) {
    ActionStats stats = new ActionStats();
    Pacer.Outcome outcome = Pacer.run(rate, params.stepDuration(), 4096, drain(params.stepDuration()), n -> {
      SimUser poster = posters.get((int) (n % posters.size()));
      String channelId = poster.channelIds().get((int) ((n / posters.size()) % poster.channelIds().size()));
      return poster.rest().post("/posts", poster.token(),
          NewPost.body(poster.id(), channelId, PostStamp.message(System.nanoTime(), "durable " + n), n))
          .whenComplete((reply, failure) -> {
            boolean ok = reply != null && stats.outcome("createPost", reply.status(), 201, reply.latencyMicros());
            timeline.count(ok ? "posts" : "errors");
          });
    });
    LatencySummary createPost = stats.summary("createPost");
    boolean within = createPost.count() > 0 && createPost.p99Ms() <= params.p99LimitMs() && createPost.errors() == 0 && outcome.skipped() == 0;
    return new Step(rate, createPost.count() / outcome.seconds(), outcome.skipped(), createPost, within);
  }
}
