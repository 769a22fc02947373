package chorus.loadtest.scenario;

import chorus.loadtest.check.DeliveryChecker;
import chorus.loadtest.check.DeliveryReport;
import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.RestReply;
import chorus.loadtest.client.UserSocket;
import chorus.loadtest.metrics.ActionStats;
import chorus.loadtest.metrics.LatencySummary;
import chorus.loadtest.metrics.Timeline;
import chorus.loadtest.sim.DeliveryTap;
import chorus.loadtest.sim.Drain;
import chorus.loadtest.sim.Pacer;
import chorus.loadtest.sim.PostStamp;
import chorus.loadtest.sim.SimUser;
import chorus.loadtest.sim.Sockets;
import chorus.loadtest.sim.World;
import chorus.loadtest.sim.NewPost;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.CompletionStage;

/**
 * Scenario (a), fan-out: K channels × M members, every member holding a WebSocket, posts
 * arriving open-loop at rate R spread over the channels (each post from the next member in
 * turn). Each rate step reports publish→deliver latency at every receiving client and the
 * delivered events per second; the run stops stepping once p99 delivery passes the limit or
 * any post fails. The correctness checker judges every delivery of the whole scenario.
 */
public final class FanOutScenario {

  public record Params(int channels, int membersPerChannel, List<Integer> postsPerSecond, Duration stepDuration, double p99LimitMs) {}

  public record Step(
      int targetPostsPerSecond,
      double postsPerSecond,
      long skipped,
      double deliveredPerSecond,
      LatencySummary createPost,
      LatencySummary publishToDeliver,
      boolean withinLimit) {}

  public record Result(
      Params params,
      int sockets,
      int failedConnects,
      List<Step> steps,
      Step best,
      DeliveryReport delivery,
      long reconnects,
      long seqGaps,
      Map<String, List<Long>> timeline) {}

  private final ClientRuntime runtime;

  public FanOutScenario(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  public Result run(World world, Params params) {
    return run(world, params, false);
  }

  /**
   * Like {@link #run(World, Params)}, after one unrecorded step at the first rate on the same
   * sockets: a node whose JIT has not compiled the path yet is warmed by the very traffic that
   * is then measured. The warm-up's posts are checked for delivery with the rest.
   */
  public Result runAfterWarmUp(World world, Params params) {
    return run(world, params, true);
  }

  private Result run(World world, Params params, boolean warmUp) {
    DeliveryChecker checker = new DeliveryChecker();
    Timeline timeline = new Timeline(3600);
    Map<String, List<String>> channelsByClient = new HashMap<>();
    List<SimUser> members = new ArrayList<>();
    for (SimUser user : world.users()) {
      if (!user.channelIds().isEmpty()) {
        channelsByClient.put(user.id(), user.channelIds());
        members.add(user);
      }
    }
    DeliveryTap tap = new DeliveryTap(checker, channelsByClient, timeline, runtime.json());
    Sockets.Opened opened = Sockets.open(runtime, members, true, tap);
    List<UserSocket> sockets = opened.sockets();
    List<Step> steps = new ArrayList<>();
    try {
      List<Entry<String, List<SimUser>>> channels = new ArrayList<>(world.members().entrySet());
      if (warmUp) {
        step(params.postsPerSecond().get(0), params, channels, checker, tap, timeline);
      }
      for (int rate : params.postsPerSecond()) {
        Step step = step(rate, params, channels, checker, tap, timeline);
        steps.add(step);
        if (!step.withinLimit()) {
          break;
        }
      }
    } finally {
      Sockets.close(sockets);
    }
    Step best = steps.stream().filter(Step::withinLimit).reduce((a, b) -> b).orElse(null);
    return new Result(params, sockets.size(), opened.failed(), steps, best, checker.report(), Sockets.reconnects(sockets), Sockets.seqGaps(sockets),
        timeline.snapshot());
  }

  private Step step(int rate, Params params, List<Entry<String, List<SimUser>>> channels, DeliveryChecker checker,
      DeliveryTap tap, Timeline timeline) {
    ActionStats stats = new ActionStats();
    tap.takeDeliveryMicros();
    long deliveredBefore = tap.deliveries();
    long ownedBefore = checker.report().expectedDeliveries();
    Pacer.Outcome outcome = Pacer.run(rate, params.stepDuration(), 4096, Duration.ofSeconds(30), n -> {
      Entry<String, List<SimUser>> channel = channels.get((int) (n % channels.size()));
      List<SimUser> inChannel = channel.getValue();
      SimUser sender = inChannel.get((int) ((n / channels.size()) % inChannel.size()));
      return post(sender, channel.getKey(), n, stats, checker, timeline);
    });
    long owed = checker.report().expectedDeliveries() - ownedBefore;
    Drain.await(tap::deliveries, deliveredBefore + owed, Duration.ofSeconds(15));
    long delivered = tap.deliveries() - deliveredBefore;
    LatencySummary createPost = stats.summary("createPost");
    LatencySummary deliver = LatencySummary.of(tap.takeDeliveryMicros(), Map.of());
    boolean within = deliver.count() > 0 && deliver.p99Ms() <= params.p99LimitMs() && createPost.errors() == 0
        && outcome.skipped() == 0;
    return new Step(rate, outcome.startedPerSecond(), outcome.skipped(), delivered / outcome.seconds(), createPost, deliver, within);
  }

  private CompletionStage<RestReply> post(SimUser sender, String channelId, long n, ActionStats stats, DeliveryChecker checker,
      Timeline timeline) {
    String message = PostStamp.message(System.nanoTime(), "fan-out " + n);
    return sender.rest().post("/posts", sender.token(), NewPost.body(sender.id(), channelId, message, n))
        .whenComplete((reply, failure) -> {
          if (reply != null && stats.outcome("createPost", reply.status(), 201, reply.latencyMicros())) {
            JsonNode post = reply.json(runtime.json());
            checker.expect(channelId, post.path("id").asText(), post.path("create_at").asLong());
            timeline.count("posts");
          } else {
            timeline.count("errors");
          }
        });
  }
}
