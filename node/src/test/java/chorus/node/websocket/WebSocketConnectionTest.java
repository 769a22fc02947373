package chorus.node.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chorus.node.metrics.NodeMetrics;
import chorus.node.system.ServerVersion;
import chorus.protocol.api.Session;
import chorus.protocol.api.Status;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.cluster.PresenceStatus;
import chorus.protocol.ids.Ids;
import chorus.protocol.json.ApiJson;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.sharding.ActorSpawner;
import chorus.sharding.connections.ConnectionCommand;
import chorus.sharding.events.EventBus;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.presence.PresenceEntity;
import chorus.sharding.presence.Presences;
import chorus.sharding.presence.StatusStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The write side of one connection against a real {@link BoundedSourceQueue}, as
 * {@link WebSocketRoute} wires it, read by a client whose demand the test controls: what is
 * dropped when the queue is half full, and that a full queue (or a socket that is already
 * gone) ends the socket at once but keeps the connection resumable, its user online only for
 * the grace after an abrupt end. The hub is a probe; the presence entities are real, on a
 * one-node cluster with statuses in memory.
 */
class WebSocketConnectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Ids IDS = new Ids();
  private static ActorTestKit testKit;
  private static Materializer materializer;
  private static Presences presences;

  private TestProbe<WebSocketHub.Command> hub;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("WebSocketConnectionTest", ConfigFactory.parseString("""
        pekko.remote.artery.canonical.hostname = "127.0.0.1"
        pekko.remote.artery.canonical.port = 0
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """).withFallback(ConfigFactory.load()));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.selfMember().status() == MemberStatus.up());
    materializer = Materializer.matFromSystem(testKit.system());
    PresenceEntity.init(testKit.system(), new MemoryStatusStore(), EventBus.create(ActorSpawner.systemActors(testKit.system())),
        ConnectionDirectory.create(ActorSpawner.systemActors(testKit.system())), Duration.ofHours(1), Clock.systemUTC());
    presences = new Presences(testKit.system(), WAIT);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newHub() {
    hub = testKit.createTestProbe();
  }

  @Test
  void ephemeralEventsAreDroppedOnceTheQueueIsHalfFullWithoutUsingUpASeq() {
    Connected c = connect();
    // Nothing is read yet. The stream may have taken a few frames off the queue already, so go
    // well past half full before the ephemeral events.
    int posted = ConnectionSocket.SIZE / 2 + 20;
    for (int i = 0; i < posted; i++) {
      c.events().tell(event(EventType.POSTED, c.userId()));
    }
    c.events().tell(event(EventType.TYPING, c.userId()));
    c.events().tell(event(EventType.STATUS_CHANGE, c.userId()));
    c.events().tell(event(EventType.MULTIPLE_CHANNELS_VIEWED, c.userId()));
    c.events().tell(event(EventType.POSTED, c.userId()));
    c.awaitHandled();

    c.client().request(Long.MAX_VALUE);
    await().atMost(WAIT).until(() -> c.client().frames().size() >= posted + 2);
    // Below half full again, an ephemeral event goes through.
    c.events().tell(event(EventType.TYPING, c.userId()));
    await().atMost(WAIT).until(() -> c.client().frames().stream().anyMatch(f -> EventType.TYPING.equals(f.path("event").asText())));

    List<JsonNode> frames = c.client().frames();
    assertThat(frames).hasSize(posted + 3);
    assertThat(frames.get(0).path("event").asText()).isEqualTo(EventType.HELLO);
    assertThat(frames.subList(1, frames.size() - 1)).extracting(f -> f.path("event").asText()).containsOnly(EventType.POSTED);
    assertThat(frames.get(frames.size() - 1).path("event").asText()).isEqualTo(EventType.TYPING);
    assertThat(frames).extracting(f -> f.path("seq").asLong())
        .containsExactlyElementsOf(LongStream.range(0, frames.size()).boxed().toList());
    assertThat(c.client().terminated()).isNotDone();
  }

  @Test
  void aFullQueueEndsTheSocketAtOnceButKeepsTheConnectionResumable() throws Exception {
    Connected c = connect();
    awaitStatus(c.userId(), Status.ONLINE);

    // More events than the queue holds, even counting the few frames the stream took off it.
    for (int i = 0; i < ConnectionSocket.SIZE + 40; i++) {
      c.events().tell(event(EventType.POSTED, c.userId()));
    }

    // The client has not read a single frame, and still the stream ends now: the queued frames
    // are given up instead of being written first (the connection keeps them for a resume).
    assertThat(c.client().terminated().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(ClientTooSlow.class);
    assertThat(c.client().frames()).isEmpty();
    awaitStatus(c.userId(), Status.OFFLINE);
    assertThat(hub.receiveMessage(WAIT)).as("the user is offline at once, the connection still registered")
        .isEqualTo(new WebSocketHub.SetPresent(c.connectionId(), c.events(), false));
    hub.expectNoMessage(Duration.ofMillis(200));
  }

  /** A socket that vanished (no close frame, no slow reader) keeps its user online for the grace. */
  @Test
  void anEventForASocketThatIsAlreadyGoneLeavesTheConnectionResumable() {
    Connected c = connect();
    awaitStatus(c.userId(), Status.ONLINE);

    // The client went away; SocketClosed is still on its way when the next event arrives.
    c.client().cancel();
    await().atMost(WAIT).until(() -> c.queue().offer(TextMessage.create("{}")) != QueueOfferResult.enqueued());
    c.events().tell(event(EventType.POSTED, c.userId()));

    awaitStatus(c.userId(), Status.OFFLINE);
    assertThat(hub.receiveMessage(WAIT)).isEqualTo(new WebSocketHub.SetPresent(c.connectionId(), c.events(), false));
  }

  @Test
  void aSocketThatDoesNotAuthenticateInTimeIsClosed() throws Exception {
    Client client = new Client();
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> outgoing =
        Source.<Message>queue(ConnectionSocket.SIZE).preMaterialize(materializer);
    outgoing.second().runWith(Sink.fromSubscriber(client), materializer);
    ActorRef<ConnectionMessage> connection = testKit.spawn(ConnectionOpening.create(
        services(Duration.ofMillis(200)), setup(outgoing.first(), Optional.empty())));
    TestProbe<Object> watcher = testKit.createTestProbe();

    assertThat(client.terminated().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("completed, not failed").isNull();
    watcher.expectTerminated(connection, WAIT);
    // Stopped, so anything it told the hub is already there.
    hub.expectNoMessage(Duration.ZERO);
  }

  /**
   * A connection authenticated on the upgrade, as registered with the (probe) hub. Every
   * message it takes passes {@code handled} first.
   */
  private record Connected(String userId, String connectionId, BoundedSourceQueue<Message> queue, Client client,
      ActorRef<ConnectionMessage> connection, ActorRef<ConnectionCommand> events,
      TestProbe<ConnectionMessage> handled) {

    /**
     * Returns once every message sent so far has been handled: an ignored frame is sent last,
     * and the actor takes the next message only after finishing the one before.
     */
    void awaitHandled() {
      ConnectionMessage.ClientFrame marker = new ConnectionMessage.ClientFrame("not json " + IDS.next());
      connection.tell(marker);
      handled.fishForMessage(WAIT, message -> message.equals(marker)
          ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }
  }

  private Connected connect() {
    String userId = IDS.next();
    Session session = new Session(IDS.next(), IDS.next(), 0, 0, 0, userId, "", "system_user", IDS.next());
    Client client = new Client();
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> outgoing =
        Source.<Message>queue(ConnectionSocket.SIZE).preMaterialize(materializer);
    outgoing.second().runWith(Sink.fromSubscriber(client), materializer);
    TestProbe<ConnectionMessage> handled = testKit.createTestProbe();
    ActorRef<ConnectionMessage> connection = testKit.spawn(Behaviors.monitor(ConnectionMessage.class,
        handled.ref(), ConnectionOpening.create(services(Duration.ofSeconds(5)), setup(outgoing.first(), Optional.of(session)))));
    WebSocketHub.Register register = hub.expectMessageClass(WebSocketHub.Register.class, WAIT);
    assertThat(register.userId()).isEqualTo(userId);
    return new Connected(userId, register.connectionId(), outgoing.first(), client, connection, register.connection(), handled);
  }

  private ConnectionSetup setup(BoundedSourceQueue<Message> queue, Optional<Session> session) {
    ConnectionSocket socket = new ConnectionSocket(new NodeMetrics("test", false));
    socket.attach(queue);
    return new ConnectionSetup(Optional.of(socket), Optional.empty(), 0, session, Optional.empty(),
        testKit.<Connections.Command>createTestProbe().ref());
  }

  /** Only what an authenticated connection's write side touches; the rest is never called here. */
  private WebSocketServices services(Duration authTimeout) {
    return new WebSocketServices(hub.ref(), null, presences, null, null, null, null, ApiJson.newMapper(),
        new ServerVersion(ServerVersion.MATTERMOST_API_LEVEL, "test", "hash", "localhost"), Clock.systemUTC(), IDS,
        new NodeMetrics("test", false), new WebSocketServices.Timings(authTimeout, Duration.ofMinutes(5), Duration.ofMillis(300), Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  private static ConnectionCommand event(String type, String userId) {
    return new ConnectionCommand.Deliver(ClusterEvent.unpositioned(IDS.next(), type, "{}", Broadcast.toUser(userId), null));
  }

  private static void awaitStatus(String userId, String expected) {
    await().atMost(WAIT).until(() -> expected.equals(
        presences.getStatus(userId).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status()));
  }

  /** The client end of the socket: reads only as much as the test requests. */
  private static final class Client implements Subscriber<Message> {
    private final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
    private final CompletableFuture<Throwable> terminated = new CompletableFuture<>();
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();

    @Override
    public void onSubscribe(Subscription s) {
      subscription.complete(s);
    }

    @Override
    public void onNext(Message message) {
      try {
        frames.add(JSON.readTree(message.asTextMessage().getStrictText()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void onError(Throwable failure) {
      terminated.complete(failure);
    }

    @Override
    public void onComplete() {
      terminated.complete(null);
    }

    void request(long n) {
      subscription.join().request(n);
    }

    void cancel() {
      subscription.join().cancel();
    }

    List<JsonNode> frames() {
      return List.copyOf(frames);
    }

    /** Completes with null on a normal end, with the failure otherwise. */
    CompletableFuture<Throwable> terminated() {
      return terminated;
    }
  }

  private static final class MemoryStatusStore implements StatusStore {
    private final Map<String, PresenceStatus> statuses = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Optional<PresenceStatus>> load(String userId) {
      return CompletableFuture.completedFuture(Optional.ofNullable(statuses.get(userId)));
    }

    @Override
    public CompletionStage<Done> save(PresenceStatus status) {
      statuses.put(status.userId(), status);
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }
}
