package chorus.loadtest.sim;

import chorus.loadtest.client.ClientRuntime;
import chorus.loadtest.client.RestReply;
import chorus.loadtest.client.UserSocket;
import chorus.loadtest.metrics.ActionStats;
import chorus.loadtest.metrics.Timeline;
import chorus.loadtest.check.DeliveryChecker;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Mattermost-profile user: connects its WebSocket, then loops — idle, pick an action by the
 * profile's weights, run it, record it — until stopped; and polls statuses once a minute. The
 * loop is asynchronous (scheduler callbacks), so thousands of users need no threads of their own.
 * Results go to whichever {@link ActionStats} the scenario's current window holds.
 */
public final class ProfileUser {
  private final ClientRuntime runtime;
  private final SimUser user;
  private final MattermostProfile profile;
  private final AtomicReference<ActionStats> stats;
  private final DeliveryChecker checker;
  private final Timeline timeline;
  private final Map<String, List<String>> membersByChannel;
  private volatile UserSocket socket;
  private volatile boolean stopped;
  private volatile String currentChannel;
  private volatile String previousChannel = "";
  private volatile int scrollPage = 1;
  // One action at a time per user: each starts after the one before it has completed.
  private long posts;

  public ProfileUser(ClientRuntime runtime, SimUser user, MattermostProfile profile, AtomicReference<ActionStats> stats,
      DeliveryChecker checker, Timeline timeline, Map<String, List<String>> membersByChannel) {
    this.runtime = runtime;
    this.user = user;
    this.profile = profile;
    this.stats = stats;
    this.checker = checker;
    this.timeline = timeline;
    this.membersByChannel = membersByChannel;
    this.currentChannel = user.channelIds().get(0);
  }

  /**
   * Connects now, then starts the action loop as if it had been running all along: the first
   * action after the idle time left at a random moment of the loop, the first status poll at a
   * random point of its period. A step's window can then open as soon as its users are
   * connected and see the profile's long-run load from its first second (see
   * {@link MattermostProfile#residualIdleMillis()}). Completes once connected (or failed to).
   */
  public CompletionStage<Void> start(UserSocket.Listener listener) {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    long t0 = System.nanoTime();
    UserSocket s = new UserSocket(runtime, user.rest().baseUrl(), user.id(), user.token(), true, listener);
    socket = s;
    // Bounded like Sockets.open: a handshake that never completes is a failed connect, not a stuck ramp.
    s.connect().toCompletableFuture().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).whenComplete((v, failure) -> {
      if (failure != null) {
        stats.get().error("connectWebSocket", 0);
        connected.complete(null);
        return;
      }
      stats.get().success("connectWebSocket", (System.nanoTime() - t0) / 1000);
      connected.complete(null);
      after(profile.residualIdleMillis());
      runtime.schedule(Duration.ofMillis(profile.residualStatusPollMillis()), this::pollStatuses);
    });
    return connected;
  }

  /** Starts {@code users}, at most {@code parallelism} handshakes at a time; returns when every one has connected or failed. */
  public static void startAll(List<ProfileUser> users, UserSocket.Listener listener, int parallelism) {
    Bounded.run(users.size(), parallelism, i -> users.get(i).start(listener));
  }

  /** Stops the action loop; the socket stays open so in-flight deliveries can still land. */
  public void stopActions() {
    stopped = true;
  }

  public void close() {
    stopped = true;
    UserSocket s = socket;
    if (s != null) {
      Sockets.close(List.of(s));
    }
  }

  public UserSocket socket() {
    return socket;
  }

  private void next() {
    after(profile.idleMillis());
  }

  private void after(long idleMillis) {
    if (stopped) {
      return;
    }
    runtime.schedule(Duration.ofMillis(idleMillis), () -> {
      if (stopped) {
        return;
      }
      run(profile.pick()).whenComplete((v, e) -> next());
    });
  }

  private CompletionStage<?> run(MattermostProfile.Action action) {
    return switch (action) {
      case SWITCH_CHANNEL -> switchChannel();
      case SCROLL_CHANNEL -> timed("getPosts", 200,
          user.rest().get("/channels/" + currentChannel + "/posts?page=" + scrollPage++ + "&per_page=60", user.token()));
      case UNREAD_CHECK -> timed("getChannelMembers", 200,
          user.rest().get("/users/me/teams/" + user.teamId() + "/channels/members", user.token()));
      case CREATE_POST -> createPost();
    };
  }

  private CompletionStage<?> switchChannel() {
    List<String> channels = user.channelIds();
    String target = channels.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(channels.size()));
    previousChannel = currentChannel;
    currentChannel = target;
    scrollPage = 1;
    return timed("getPosts", 200, user.rest().get("/channels/" + target + "/posts?page=0&per_page=60", user.token()))
        .thenCompose(r -> timed("viewChannel", 200, user.rest().post("/channels/members/me/view", user.token(),
            Map.of("channel_id", target, "prev_channel_id", previousChannel.equals(target) ? "" : previousChannel))));
  }

  private CompletionStage<?> createPost() {
    String channelId = currentChannel;
    UserSocket s = socket;
    if (s != null) {
      s.send("user_typing", Map.of("channel_id", channelId, "parent_id", ""));
    }
    return user.rest().post("/posts", user.token(),
            NewPost.body(user.id(), channelId, PostStamp.message(System.nanoTime(), "profile post"), ++posts))
        .thenApply(reply -> {
          if (stats.get().outcome("createPost", reply.status(), 201, reply.latencyMicros())) {
            JsonNode post = reply.json(runtime.json());
            checker.expect(channelId, post.path("id").asText(), post.path("create_at").asLong());
            timeline.count("posts");
          } else {
            timeline.count("errors");
          }
          return reply;
        });
  }

  private void pollStatuses() {
    if (stopped) {
      return;
    }
    List<String> ids = membersByChannel.getOrDefault(currentChannel, List.of());
    timed("getStatusesByIds", 200, user.rest().post("/users/status/ids", user.token(), ids.subList(0, Math.min(ids.size(), 50))))
        .whenComplete((r, e) -> runtime.schedule(Duration.ofMillis(profile.statusPollMillis()), this::pollStatuses));
  }

  private CompletionStage<RestReply> timed(String action, int expected, CompletionStage<RestReply> call) {
    return call.thenApply(reply -> {
      boolean ok = stats.get().outcome(action, reply.status(), expected, reply.latencyMicros());
      timeline.count(ok ? "requests" : "errors");
      return reply;
    });
  }
}
