package chorus.node;

import chorus.node.channels.ChannelAccess;
import chorus.node.config.ConfigRoutes;
import chorus.node.config.LiveConfig;
import chorus.node.database.DataSourcePlans;
import chorus.node.database.DatabaseRoutes;
import chorus.node.http.ReadYourWrites;
import chorus.persistence.datasources.DataSources;
import chorus.node.channels.ChannelRoutes;
import chorus.node.channels.ChannelService;
import chorus.node.events.EventPublisher;
import chorus.node.http.ApiContext;
import chorus.node.http.ApiErrors;
import chorus.node.http.ApiJsonResponses;
import chorus.node.http.ApiRoutes;
import chorus.node.http.RequestIds;
import chorus.node.posts.PostRoutes;
import chorus.node.posts.PostSearchService;
import chorus.node.posts.PostService;
import chorus.node.status.DatabaseStatusStore;
import chorus.node.status.StatusRoutes;
import chorus.node.status.StatusService;
import chorus.node.system.ClientConfig;
import chorus.node.system.HealthCheck;
import chorus.node.system.ServerVersion;
import chorus.node.system.SystemRoutes;
import chorus.node.teams.TeamRoutes;
import chorus.node.teams.TeamService;
import chorus.node.users.Passwords;
import chorus.node.users.UserRoutes;
import chorus.node.users.UserService;
import chorus.node.websocket.WebSocketRoute;
import chorus.node.websocket.WebSocketServices;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.db.EmbeddedDatabase;
import chorus.persistence.db.JdbcTarget;
import chorus.persistence.db.Migrations;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.persistence.sessions.SessionRepository;
import chorus.persistence.status.StatusRepository;
import chorus.persistence.system.SystemRepository;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.ConfigHash;
import chorus.protocol.config.ListenAddress;
import chorus.protocol.ids.Ids;
import chorus.protocol.json.ApiJson;
import chorus.sharding.events.EventBus;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.PresenceEntity;
import chorus.sharding.presence.Presences;
import chorus.sharding.sessions.SessionEntity;
import chorus.sharding.sessions.Sessions;
import chorus.management.ManagementServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: one running Chorus node. {@link #start} wires database, actor system,
 * sharded entities, services and HTTP exactly as {@code main} does, so tests run real nodes.
 * {@link #close} stops them in reverse order.
 */
public final class ChorusNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChorusNode.class);
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);

  private final EmbeddedDatabase embedded;
  private final DataSources dataSources;
  private final LiveConfig liveConfig;
  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final ExecutorService hashing;

  private ChorusNode(EmbeddedDatabase embedded, DataSources dataSources, LiveConfig liveConfig, ActorSystem<Void> system,
      ServerBinding binding, ExecutorService hashing) {
    this.embedded = embedded;
    this.dataSources = dataSources;
    this.liveConfig = liveConfig;
    this.system = system;
    this.binding = binding;
    this.hashing = hashing;
  }

  /** Starts a node whose configuration never reloads (reload keeps {@code config}). */
  public static ChorusNode start(ChorusConfig config, Path dataDir) throws Exception {
    return start(LiveConfig.fixed(config), dataDir);
  }

  /** Starts a node on the live configuration; {@link #reloadConfig()} re-reads its sources. */
  public static ChorusNode start(LiveConfig liveConfig, Path dataDir) throws Exception {
    ChorusConfig config = liveConfig.current();
    if (config.clusterSettings().enable()) {
      throw new IllegalStateException("ClusterSettings.Enable: multi-node clustering is not available in this build yet; "
          + "run with ClusterSettings.Enable=false");
    }
    long started = System.nanoTime();
    Files.createDirectories(dataDir);
    EmbeddedDatabase embedded = null;
    if (config.sqlSettings().isEmbedded()) {
      // Twice the pool: a recycle or reload opens the new pool before the old one has drained.
      embedded = EmbeddedDatabase.start(dataDir, 2 * config.sqlSettings().maxOpenConns() + 10);
    }
    Optional<JdbcTarget> embeddedTarget = Optional.ofNullable(embedded).map(EmbeddedDatabase::target);
    DataSources dataSource;
    try {
      dataSource = DataSources.open(DataSourcePlans.plan(config.sqlSettings(), embeddedTarget));
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    liveConfig.addListener(new DataSourcePlans(dataSource, embeddedTarget));
    String schemaVersion = Migrations.migrate(dataSource.primaryDataSource());

    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "chorus", PekkoConfig.from(config));
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));

    ExecutorService hashing = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    try {
      ServerBinding binding = wire(liveConfig, system, dataSource, hashing);
      ManagementServer.start(system);
      log.info("Chorus node ready on {} (schema {}, {} ms)", binding.localAddress(), schemaVersion,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new ChorusNode(embedded, dataSource, liveConfig, system, binding, hashing);
    } catch (Exception e) {
      system.terminate();
      dataSource.close();
      hashing.shutdownNow();
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  private static ServerBinding wire(LiveConfig liveConfig, ActorSystem<Void> system, DataSources dataSource,
      ExecutorService hashing) throws Exception {
    ChorusConfig config = liveConfig.current();
    Clock clock = Clock.systemUTC();
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    Ids ids = new Ids();
    ObjectMapper mapper = ApiJson.newMapper();
    PersistencePool pool = PersistencePool.create(system, dataSource, config.sqlSettings().maxOpenConns());

    UserRepository users = new UserRepository();
    SessionRepository sessionRows = new SessionRepository();
    TeamRepository teams = new TeamRepository();
    ChannelRepository channels = new ChannelRepository();
    PostRepository posts = new PostRepository();
    StatusRepository statusRows = new StatusRepository();
    SystemRepository systems = new SystemRepository();

    EventBus bus = EventBus.create(system);
    ActorRef<WebSocketHub.Command> hub = system.systemActorOf(WebSocketHub.create(bus), "websocket-hub", Props.empty());
    SessionEntity.init(system, token -> pool.read(ReadPreference.PRIMARY, dsl -> sessionRows.findByToken(dsl, token)), clock);
    PresenceEntity.init(system, new DatabaseStatusStore(pool, statusRows), bus,
        Duration.ofSeconds(config.serviceSettings().userAwayAfterSeconds()), clock);
    Sessions sessions = new Sessions(system, ASK_TIMEOUT);
    Presences presences = new Presences(system, ASK_TIMEOUT);

    String diagnosticId = pool.write(dsl -> {
      systems.putIfAbsent(dsl, "DiagnosticId", ids.next());
      return systems.get(dsl, "DiagnosticId").orElseThrow();
    }).toCompletableFuture().get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ServerVersion version = new ServerVersion(ServerVersion.MATTERMOST_API_LEVEL, BuildInfo.buildNumber(),
        ConfigHash.hash(config), InetAddress.getLocalHost().getHostName());

    EventPublisher events = new EventPublisher(bus, pool, channels, mapper);
    ChannelAccess access = new ChannelAccess(channels, teams);
    UserService userService = new UserService(pool, users, sessionRows, sessions, new Passwords(hashing), config, ids, clock, events);
    StatusService statusService = new StatusService(pool, statusRows, presences);
    ApiJsonResponses responses = new ApiJsonResponses(mapper, config.serviceSettings().enableDeveloper());
    ApiContext context = new ApiContext(config, responses, sessions, new ReadYourWrites(liveConfig, clock));

    WebSocketServices wsServices = new WebSocketServices(hub, sessions, presences, statusService, events, pool, channels,
        mapper, version, clock, AUTH_TIMEOUT);
    ApiRoutes api = new ApiRoutes(List.of(
        new SystemRoutes(context, new HealthCheck(pool, systems, clock), new ClientConfig(config, version, diagnosticId), pool, users).routes(),
        new UserRoutes(context, userService).routes(),
        new StatusRoutes(context, statusService).routes(),
        new TeamRoutes(context, new TeamService(pool, teams, channels, users, events, ids, clock,
            config.teamSettings().maxUsersPerTeam())).routes(),
        new ChannelRoutes(context, new ChannelService(pool, channels, teams, users, access, events, ids, clock,
            config.teamSettings().maxChannelsPerTeam())).routes(),
        new PostRoutes(context, new PostService(pool, posts, channels, users, access, events, presences, ids, clock),
            new PostSearchService(pool, posts, teams)).routes(),
        new WebSocketRoute(system, wsServices, ids).routes(),
        new ConfigRoutes(context, liveConfig, blocking).routes(),
        new DatabaseRoutes(context, dataSource, blocking).routes()),
        new ApiErrors(responses), new RequestIds(ids), version.versionId(), config.serviceSettings().maximumUrlLength());

    ListenAddress listen = ListenAddress.parse(config.serviceSettings().listenAddress());
    String host = listen.allInterfaces() ? "0.0.0.0" : listen.host();
    return Http.get(system).newServerAt(host, listen.port()).bind(api.routes())
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * Re-reads config.json and the environment and applies what changed (SIGHUP, the API).
   *
   * @throws chorus.protocol.config.ConfigException if the new configuration is invalid
   */
  public LiveConfig.Reloaded reloadConfig() {
    return liveConfig.reload();
  }

  /** The data sources in use, with their health (for tools and tests). */
  public DataSources dataSources() {
    return dataSources;
  }

  /** The port the API listens on (useful when the configured port was 0). */
  public int port() {
    return binding.localAddress().getPort();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("unbinding the HTTP port failed", e);
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("actor system did not stop in time", e);
    }
    hashing.shutdownNow();
    dataSources.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
