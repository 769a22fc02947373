package chorus.node;

import chorus.management.ManagementServer;
import chorus.management.config.ConfigSync;
import chorus.management.discovery.ClusterFormation;
import chorus.management.discovery.DatabaseNodeDirectory;
import chorus.management.discovery.DiscoveryRegistration;
import chorus.management.export.MessageExportRunner;
import chorus.management.export.MessageExportSchedule;
import chorus.management.jobs.JobRunner;
import chorus.management.jobs.JobSchedule;
import chorus.management.jobs.JobScheduler;
import chorus.management.jobs.JobService;
import chorus.management.jobs.JobWorker;
import chorus.management.jobs.SchedulerWatch;
import chorus.management.ldap.LdapSyncRunner;
import chorus.management.ldap.LdapSyncSchedule;
import chorus.management.readiness.Readiness;
import chorus.management.retention.DataRetentionRunner;
import chorus.management.retention.DataRetentionSchedule;
import chorus.management.status.NodeInfoService;
import chorus.node.channels.ChannelAccess;
import chorus.node.channels.ChannelChanges;
import chorus.node.channels.ChannelRoutes;
import chorus.node.channels.ChannelSearch;
import chorus.node.channels.ChannelSearchRoutes;
import chorus.node.channels.ChannelService;
import chorus.node.channels.GroupChannels;
import chorus.node.cluster.AdvertisedHost;
import chorus.node.cluster.ClusterMemberRoutes;
import chorus.node.cluster.ClusterRoutes;
import chorus.node.cluster.ClusterView;
import chorus.node.cluster.NodeInfo;
import chorus.node.config.ConfigRoutes;
import chorus.node.config.ConfigUpdates;
import chorus.node.config.IgnoredSettings;
import chorus.node.config.LiveConfig;
import chorus.node.config.LiveConfigHash;
import chorus.node.database.DataSourcePlans;
import chorus.node.database.DatabaseRoutes;
import chorus.node.events.ChannelEventOrder;
import chorus.node.events.ChannelEvents;
import chorus.node.events.DatabaseChannelEventSource;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.files.FileRoutes;
import chorus.node.files.FileService;
import chorus.node.http.ApiContext;
import chorus.node.tokens.AccessTokenRoutes;
import chorus.node.tokens.AccessTokenSessions;
import chorus.node.tokens.AccessTokenSwitch;
import chorus.node.tokens.AccessTokens;
import chorus.node.http.ApiErrors;
import chorus.node.http.ApiJsonResponses;
import chorus.node.http.ApiRoutes;
import chorus.node.http.RateLimiting;
import chorus.node.http.ReadYourWrites;
import chorus.node.http.RequestIds;
import chorus.node.jobs.JobRoutes;
import chorus.node.lifecycle.HttpPortClose;
import chorus.node.lifecycle.NodeCaches;
import chorus.node.lifecycle.NodeDrain;
import chorus.node.lifecycle.NodeGuardian;
import chorus.node.metrics.MetricsEndpoint;
import chorus.node.metrics.MetricsPoller;
import chorus.node.metrics.NodeMetrics;
import chorus.node.posts.PostRoutes;
import chorus.node.posts.PostSearchService;
import chorus.node.posts.PostService;
import chorus.node.preferences.PreferenceRoutes;
import chorus.node.preferences.PreferenceService;
import chorus.node.reactions.PostReactions;
import chorus.node.reactions.ReactionRoutes;
import chorus.node.reactions.ReactionService;
import chorus.node.roles.BuiltInRoles;
import chorus.node.roles.RoleRoutes;
import chorus.node.sidebar.SidebarRoutes;
import chorus.node.sidebar.SidebarService;
import chorus.node.status.DatabaseStatusStore;
import chorus.node.systemposts.SystemPosts;
import chorus.node.status.StatusRoutes;
import chorus.node.status.StatusService;
import chorus.node.system.ClientConfig;
import chorus.node.system.HealthCheck;
import chorus.node.system.ServerVersion;
import chorus.node.system.SystemRoutes;
import chorus.node.teams.TeamDepartures;
import chorus.node.teams.TeamRoutes;
import chorus.node.teams.TeamService;
import chorus.node.threads.ThreadRoutes;
import chorus.node.threads.ThreadService;
import chorus.node.users.AccountChanges;
import chorus.node.users.LdapAuthenticator;
import chorus.node.users.Passwords;
import chorus.node.users.ProfileChanges;
import chorus.node.users.UserRoutes;
import chorus.node.users.UserSearch;
import chorus.node.users.UserSearchRoutes;
import chorus.node.users.UserRules;
import chorus.node.users.UserService;
import chorus.node.web.WebPages;
import chorus.node.websocket.Connections;
import chorus.node.websocket.WebSocketRoute;
import chorus.node.websocket.WebSocketServices;
import chorus.persistence.channels.ChannelEventRepository;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.channels.ChannelSearchRepository;
import chorus.persistence.cluster.ClusterDiscoveryRepository;
import chorus.persistence.cluster.ClusterDiscoveryStore;
import chorus.persistence.datasources.CurrentPrimary;
import chorus.persistence.datasources.DataSources;
import chorus.persistence.db.EmbeddedDatabase;
import chorus.persistence.db.JdbcTarget;
import chorus.persistence.db.Migrations;
import chorus.persistence.export.ExportRepository;
import chorus.persistence.export.ExportStore;
import chorus.persistence.files.FileInfoRepository;
import chorus.persistence.files.FileStore;
import chorus.persistence.files.FileStoreProbe;
import chorus.persistence.files.FileStores;
import chorus.persistence.jobs.JobRepository;
import chorus.persistence.maintenance.VacuumStatsRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.PoolWorkers;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.persistence.posts.PostWrites;
import chorus.persistence.posts.ReactionRepository;
import chorus.persistence.threads.ThreadRepository;
import chorus.persistence.retention.RetentionRepository;
import chorus.persistence.sessions.SessionRepository;
import chorus.persistence.tokens.AccessTokenRepository;
import chorus.persistence.status.StatusRepository;
import chorus.persistence.system.SystemRepository;
import chorus.persistence.teams.TeamRepository;
import chorus.persistence.users.LdapAccountStore;
import chorus.persistence.users.LdapUserRepository;
import chorus.persistence.users.PreferenceRepository;
import chorus.persistence.users.UserRepository;
import chorus.persistence.users.UserSearchRepository;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.JobSettings;
import chorus.protocol.config.ListenAddress;
import chorus.protocol.config.MetricsSettings;
import chorus.protocol.ids.Ids;
import chorus.protocol.json.ApiJson;
import chorus.sharding.ActorSpawner;
import chorus.sharding.events.EventBus;
import chorus.sharding.hub.MembershipIndexGate;
import chorus.sharding.hub.WebSocketHub;
import chorus.sharding.presence.ConnectionDirectory;
import chorus.sharding.presence.PresenceEntity;
import chorus.sharding.presence.Presences;
import chorus.sharding.sessions.NodeSessions;
import chorus.sharding.sessions.SessionRevocations;
import chorus.sharding.sessions.SessionSource;
import chorus.sharding.sessions.WriteMarks;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.model.Uri;
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
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
  /** A cached session is read again after this (it bounds a missed revocation). */
  private static final Duration SESSION_REFRESH = Duration.ofSeconds(60);
  private static final Duration PRESENCE_GRACE = Duration.ofSeconds(15);
  /** A resuming socket waits this long for a node that was told to hand its connection over. */
  private static final Duration CLAIM_TIMEOUT = Duration.ofMillis(1500);
  private static final Duration HAND_OFF_WITHIN = Duration.ofSeconds(5);
  private static final Duration FORWARD_FOR = Duration.ofSeconds(15);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
  private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(2);
  /** An export stops this long before its job started, so posts still being written are left for the next run. */
  private static final Duration EXPORT_SETTLE = Duration.ofMinutes(1);
  private static final Duration EXPORT_STORE_TIMEOUT = Duration.ofMinutes(10);

  private final EmbeddedDatabase embedded;
  private final DataSources dataSources;
  private final LiveConfig liveConfig;
  private final ActorSystem<NodeGuardian.Command> system;
  private final ServerBinding binding;
  private final ExecutorService hashing;

  private ChorusNode(EmbeddedDatabase embedded, DataSources dataSources, LiveConfig liveConfig,
      ActorSystem<NodeGuardian.Command> system, ServerBinding binding, ExecutorService hashing) {
    this.embedded = embedded;
    this.dataSources = dataSources;
    this.liveConfig = liveConfig;
    this.system = system;
    this.binding = binding;
    this.hashing = hashing;
  }

  /** Starts a node whose configuration never reloads (reload keeps {@code config}). */
  public static ChorusNode start(ChorusConfig config, Path dataDir) throws Exception {
    return start(LiveConfig.fixed(config), dataDir, Clock.systemUTC());
  }

  /** As {@link #start(ChorusConfig, Path)}, with the node's wall clock given (tests skew it between nodes). */
  public static ChorusNode start(ChorusConfig config, Path dataDir, Clock clock) throws Exception {
    return start(LiveConfig.fixed(config), dataDir, clock);
  }

  /** Starts a node on the live configuration; {@link #reloadConfig()} re-reads its sources. */
  public static ChorusNode start(LiveConfig liveConfig, Path dataDir) throws Exception {
    return start(liveConfig, dataDir, Clock.systemUTC());
  }

  /** As {@link #start(LiveConfig, Path)}, with the node's wall clock given. */
  public static ChorusNode start(LiveConfig liveConfig, Path dataDir, Clock clock) throws Exception {
    ChorusConfig config = liveConfig.current();
    long started = System.nanoTime();
    if (CommonPool.startsThreadPerTask()) {
      log.warn("ForkJoinPool's common pool has a parallelism of 1 here, so every asynchronous completion starts a thread;"
          + " start the JVM with -D{}=2", CommonPool.PARALLELISM);
    }
    IgnoredSettings.warning(config).ifPresent(log::warn);
    Files.createDirectories(dataDir);
    EmbeddedDatabase embedded = null;
    if (config.sqlSettings().isEmbedded()) {
      // Twice the pool: a recycle or reload opens the new pool before the old one has drained.
      // Stopped by close() after the actor system, not by a JVM shutdown hook of its own: on SIGTERM
      // that hook ran beside the coordinated shutdown and stopped the database under the requests
      // still draining and the presence entities saving as they handed off.
      embedded = EmbeddedDatabase.start(dataDir, 2 * config.sqlSettings().maxOpenConns() + 10, false);
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
    String schemaVersion;
    Optional<AdvertisedHost> advertised;
    ActorSystem<NodeGuardian.Command> system;
    int persistenceWorkers = PoolWorkers.forMachine(config.sqlSettings().maxOpenConns(),
        Runtime.getRuntime().availableProcessors());
    try {
      schemaVersion = Migrations.migrate(dataSource.primaryDataSource());
      advertised = config.clusterSettings().enable()
          ? Optional.of(AdvertisedHost.of(config.clusterSettings()))
          : Optional.empty();
      system = ActorSystem.create(NodeGuardian.create(), PekkoConfig.systemName(config),
          PekkoConfig.from(config, advertised, persistenceWorkers));
    } catch (RuntimeException e) {
      dataSource.close();
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    ActorSpawner spawner = NodeGuardian.spawner(system);
    ExecutorService hashing = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    try {
      Ids ids = new Ids();
      String nodeId = ids.next();
      PersistencePool pool = PersistencePool.create(system, dataSource, persistenceWorkers);
      log.info("Persistence pool: {} workers ({} processors, SqlSettings.MaxOpenConns {})", persistenceWorkers,
          Runtime.getRuntime().availableProcessors(), config.sqlSettings().maxOpenConns());
      Uri management = ManagementServer.start(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
      Optional<NodeInfoService> nodeInfo = Optional.empty();
      if (advertised.isPresent()) {
        formCluster(system, pool, nodeId, advertised.get(), management.port());
        nodeInfo = Optional.of(NodeInfoService.start(system, spawner,
            new NodeInfo(nodeId, ServerVersion.MATTERMOST_API_LEVEL + "." + BuildInfo.buildNumber(), schemaVersion,
                new LiveConfigHash(liveConfig), advertised.get(), config.jobSettings().runJobs(),
                config.jobSettings().runScheduler())::current, ASK_TIMEOUT));
      } else {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      ConfigUpdates configUpdates = syncConfigAcrossCluster(spawner, system, nodeId, liveConfig);
      awaitUp(system);
      NodeMetrics metrics = new NodeMetrics(nodeId, liveConfig.current().metricsSettings().enable());
      ServerBinding binding = wire(liveConfig, dataDir, system, spawner, pool, dataSource, hashing, ids, clock, nodeInfo, metrics,
          configUpdates);
      log.info("Chorus node {} ready on {} (cluster {}, schema {}, {} ms)", nodeId, binding.localAddress(),
          Cluster.get(system).selfMember().address(), schemaVersion,
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

  /** Registers this node in {@code cluster_discovery} and joins (or forms) its cluster through bootstrap. */
  private static void formCluster(ActorSystem<?> system, PersistencePool pool, String nodeId, AdvertisedHost host,
      int managementPort) throws Exception {
    ClusterDiscoveryStore discovery = new ClusterDiscoveryStore(pool, new ClusterDiscoveryRepository());
    int gossipPort = Cluster.get(system).selfMember().address().getPort().orElseThrow();
    DiscoveryRegistration.start(system, discovery,
        new DiscoveryRegistration.Registration(nodeId, system.name(), host.hostname(), gossipPort, managementPort));
    ClusterFormation.start(system, new DatabaseNodeDirectory(discovery, DiscoveryRegistration.FRESH_WITHIN));
  }

  /**
   * A configuration change on this node (API reload, SIGHUP) makes every other node re-read
   * its own sources, as Mattermost's config-changed message does, and a configuration saved
   * through the config API is written by every node into its own file; both block, so they run
   * on the blocking dispatcher.
   */
  private static ConfigUpdates syncConfigAcrossCluster(ActorSpawner spawner, ActorSystem<?> system, String nodeId,
      LiveConfig liveConfig) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    AtomicReference<ConfigSync> sync = new AtomicReference<>();
    ConfigUpdates updates = new ConfigUpdates(liveConfig, settings -> sync.get().announceSaved(settings));
    sync.set(ConfigSync.start(spawner, nodeId, () -> blocking.execute(() -> {
      try {
        liveConfig.reload();
      } catch (RuntimeException e) {
        log.error("Another node's configuration changed, but this node's could not be reloaded: {}", e.getMessage());
      }
    }), saved -> blocking.execute(() -> updates.adopt(saved.originNode(), saved.settings()))));
    liveConfig.addListener((previous, current) -> sync.get().announce());
    return updates;
  }

  /** Serving before this node is Up would only time out on sharded entities. */
  private static void awaitUp(ActorSystem<?> system) throws Exception {
    CompletableFuture<Void> up = new CompletableFuture<>();
    ActorRef<SelfUp> listener = system.systemActorOf(Behaviors.receive(SelfUp.class)
        .onMessage(SelfUp.class, m -> {
          up.complete(null);
          return Behaviors.stopped();
        })
        .build(), "chorus-await-up", Props.empty());
    Cluster.get(system).subscriptions().tell(Subscribe.create(listener, SelfUp.class));
    try {
      up.get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("this node did not join a cluster within " + JOIN_TIMEOUT.toSeconds()
          + " s; check that SqlSettings.DataSource is shared and that peers can reach GossipPort and ManagementPort");
    }
  }

  private static ServerBinding wire(LiveConfig liveConfig, Path dataDir, ActorSystem<NodeGuardian.Command> system,
      ActorSpawner spawner, PersistencePool pool, DataSources dataSource, ExecutorService hashing, Ids ids, Clock clock,
      Optional<NodeInfoService> nodeInfo, NodeMetrics metrics, ConfigUpdates configUpdates) throws Exception {
    ChorusConfig config = liveConfig.current();
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    ObjectMapper mapper = ApiJson.newMapper();
    Readiness readiness = Readiness.get(system);

    UserRepository users = new UserRepository();
    SessionRepository sessionRows = new SessionRepository();
    TeamRepository teams = new TeamRepository();
    ChannelRepository channels = new ChannelRepository();
    ChannelEventRepository channelLog = new ChannelEventRepository();
    PostRepository posts = new PostRepository();
    StatusRepository statusRows = new StatusRepository();
    SystemRepository systems = new SystemRepository();
    FileInfoRepository fileInfos = new FileInfoRepository();
    JobRepository jobRows = new JobRepository();
    ReactionRepository reactionRows = new ReactionRepository();
    FileStore fileStore = FileStores.create(config.fileSettings(), dataDir, system);
    log.info("File storage: {}", fileStore.describe());

    EventBus bus = EventBus.create(spawner);
    ConnectionDirectory connections = ConnectionDirectory.create(spawner);
    SessionSource loginSessions = token -> pool.read(ReadPreference.PRIMARY, dsl -> sessionRows.findByToken(dsl, token));
    AccessTokenRepository accessTokenRows = new AccessTokenRepository();
    BooleanSupplier accessTokensEnabled = () -> liveConfig.current().serviceSettings().enableUserAccessTokens();
    SessionSource sessionSource = new AccessTokenSessions(loginSessions, pool, accessTokenRows, accessTokensEnabled, clock);
    NodeSessions sessions = new NodeSessions(sessionSource, clock, SESSION_REFRESH);
    WriteMarks writeMarks = new WriteMarks(clock);
    PresenceEntity.init(system, new DatabaseStatusStore(pool, statusRows), bus, connections,
        Duration.ofSeconds(config.serviceSettings().userAwayAfterSeconds()), clock);
    Presences presences = new Presences(system, ASK_TIMEOUT);
    CompletableFuture<Void> hubReady = new CompletableFuture<>();
    ActorRef<WebSocketHub.Command> hub = spawner.spawn(WebSocketHub.create(new WebSocketHub.Deps(bus, connections,
        new DatabaseChannelEventSource(pool, channelLog), new NodeCaches(sessions, writeMarks), clock, hubReady),
        presences.selfNode()), "websocket-hub");

    String diagnosticId = pool.write(dsl -> {
      systems.putIfAbsent(dsl, "DiagnosticId", ids.next());
      return systems.get(dsl, "DiagnosticId").orElseThrow();
    }).toCompletableFuture().get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    ServerVersion version = new ServerVersion(ServerVersion.MATTERMOST_API_LEVEL, BuildInfo.buildNumber(),
        new LiveConfigHash(liveConfig), InetAddress.getLocalHost().getHostName());

    EventPublisher events = new EventPublisher(bus, pool, channels, mapper, new MembershipIndexGate(system)::open);
    OrderedWrites ordered = new OrderedWrites(pool, new ChannelEventOrder(), events);
    ChannelEvents channelEvents = new ChannelEvents(channelLog, channels, events);
    ChannelAccess access = new ChannelAccess(channels);
    ThreadRepository threads = new ThreadRepository();
    PostWrites postWrites = new PostWrites();
    SystemPosts systemPosts = new SystemPosts(postWrites, channelEvents, events, users, ids, clock);
    SessionRevocations revocations = new SessionRevocations(sessions, bus);
    liveConfig.addListener(new AccessTokenSwitch(pool, accessTokenRows, revocations));
    Passwords passwords = new Passwords(hashing, () -> liveConfig.current().passwordSettings().bcryptCost());
    LdapUserRepository ldapUsers = new LdapUserRepository(users);
    LdapAuthenticator ldapLogin = new LdapAuthenticator(pool, users, ldapUsers, ids,
        () -> liveConfig.current().ldapSettings(), blocking, clock);
    UserService userService = new UserService(pool, users, sessionRows, revocations, passwords, liveConfig::current,
        () -> liveConfig.current().privacySettings(), ids, clock, events, ldapLogin);
    AccountChanges accountChanges = new AccountChanges(pool, users, sessionRows, revocations, passwords,
        new UserRules(() -> liveConfig.current().passwordSettings()), () -> liveConfig.current().serviceSettings(), clock);
    StatusService statusService = new StatusService(pool, statusRows, presences);
    ApiJsonResponses responses = new ApiJsonResponses(mapper, () -> liveConfig.current().serviceSettings().enableDeveloper());
    ReadYourWrites readYourWrites = new ReadYourWrites(liveConfig, writeMarks, bus, clock);
    ApiContext context = new ApiContext(liveConfig::current, responses, sessions, readYourWrites);
    keepCachesSmall(system, sessions, readYourWrites);

    WebSocketServices wsServices = new WebSocketServices(hub, sessions, presences, statusService, events, pool, channels,
        mapper, version, clock, ids, metrics, webSocketTimings(config));
    ActorRef<Connections.Command> sockets = spawner.spawn(Connections.create(wsServices), "websocket-connections");
    RateLimiting rateLimiting = RateLimiting.from(config.rateLimitSettings(), TimeMeter.SYSTEM_NANOTIME);
    liveConfig.addListener((previous, current) -> rateLimiting.configChanged(current.rateLimitSettings()));
    ThreadService threadService = new ThreadService(pool, threads, posts, access, clock, users, userService, events);
    ApiRoutes api = new ApiRoutes(List.of(
        new SystemRoutes(context, new HealthCheck(pool, systems, clock, new FileStoreProbe(fileStore, system, HEALTH_TIMEOUT)),
            new ClientConfig(liveConfig::current, version, diagnosticId), pool, users, readiness).routes(),
        // Before the user routes, whose /users/{id} would take "search" and "autocomplete" for ids.
        new UserSearchRoutes(context, new UserSearch(pool, new UserSearchRepository(), channels, teams,
            () -> liveConfig.current().privacySettings())).routes(),
        new ChannelSearchRoutes(context, new ChannelSearch(pool, new ChannelSearchRepository(), teams)).routes(),
        new AccessTokenRoutes(context, new AccessTokens(pool, accessTokenRows, users, revocations, accessTokensEnabled, ids)).routes(),
        new UserRoutes(context, userService, accountChanges, new ProfileChanges(pool, users, passwords,
            new UserRules(() -> liveConfig.current().passwordSettings()), () -> liveConfig.current().serviceSettings(),
            () -> liveConfig.current().privacySettings(), events, clock)).routes(),
        new StatusRoutes(context, statusService).routes(),
        new RoleRoutes(context, new BuiltInRoles()).routes(),
        new PreferenceRoutes(context, new PreferenceService(pool, new PreferenceRepository(), events)).routes(),
        new ThreadRoutes(context, threadService).routes(),
        new SidebarRoutes(context, new SidebarService(pool, channels, new PreferenceRepository(), events)).routes(),
        new TeamRoutes(context, new TeamService(pool, teams, channels, users, events, ordered, channelEvents, ids, clock,
            () -> liveConfig.current().teamSettings().maxUsersPerTeam(), systemPosts),
            new TeamDepartures(ordered, teams, channels, channelEvents, events, clock, systemPosts)).routes(),
        new ChannelRoutes(context, new ChannelService(pool, channels, teams, users, access, events, ordered, channelEvents, ids,
            clock, () -> liveConfig.current().teamSettings().maxChannelsPerTeam(), systemPosts),
            new ChannelChanges(pool, ordered, channels, teams, channelEvents, events, clock, systemPosts),
            new GroupChannels(pool, ordered, channels, users, channelEvents, events, ids, clock)).routes(),
        // Before the post routes, whose /posts/{id} refuses "ids" as a post id.
        new ReactionRoutes(context, new ReactionService(pool, ordered, reactionRows, posts, channels, access,
            channelEvents, events, clock)).routes(),
        new PostRoutes(context, new PostService(pool, ordered, channelEvents, posts, fileInfos, postWrites, threads, channels,
            access, events, presences, ids, clock, metrics, threadService), new PostSearchService(pool, posts, teams),
            new PostReactions(pool, reactionRows)).routes(),
        new ClusterRoutes(context, nodeInfo).routes(),
        new ClusterMemberRoutes(context, new ClusterView(system, config.clusterSettings().enable(),
            List.of(PresenceEntity.TYPE_KEY), singletons(system), ASK_TIMEOUT)).routes(),
        new FileRoutes(context, new FileService(pool, fileInfos, posts, access, fileStore, ids, clock,
            () -> liveConfig.current().fileSettings().maxFileSize(), system), system).routes(),
        new WebSocketRoute(system, wsServices, sockets, readiness).routes(),
        new ConfigRoutes(context, liveConfig, configUpdates, blocking).routes(),
        new DatabaseRoutes(context, dataSource, pool, new VacuumStatsRepository(), blocking).routes(),
        new JobRoutes(context, new JobService(pool, jobRows, ids), fileStore).routes()),
        new ApiErrors(responses), new RequestIds(ids), version::versionId,
        () -> liveConfig.current().serviceSettings().maximumUrlLength(),
        readiness::isDraining, rateLimiting, metrics);
    if (config.metricsSettings().enable()) {
      startMetrics(system, config.metricsSettings(), metrics, dataSource, pool, jobRows);
    }

    DataSource jobsPrimary = new CurrentPrimary(dataSource);
    List<JobRunner> runners = List.of(
        new DataRetentionRunner(pool, new RetentionRepository(), fileStore, () -> liveConfig.current().dataRetentionSettings(),
            clock),
        new LdapSyncRunner(() -> liveConfig.current().ldapSettings(),
            new LdapAccountStore(jobsPrimary, ldapUsers, sessionRows, ids), revocations, clock),
        new MessageExportRunner(new ExportStore(jobsPrimary, new ExportRepository()), fileStore, system,
            () -> liveConfig.current().messageExportSettings(), clock, EXPORT_SETTLE, EXPORT_STORE_TIMEOUT,
            dataDir.resolve("tmp").resolve("export")));
    List<JobSchedule> schedules = List.of(
        DataRetentionSchedule.of(() -> liveConfig.current().dataRetentionSettings(), ZoneId.systemDefault()),
        LdapSyncSchedule.of(() -> liveConfig.current().ldapSettings()),
        MessageExportSchedule.of(() -> liveConfig.current().messageExportSettings(), ZoneId.systemDefault()));
    startJobs(system, spawner, liveConfig, pool, jobRows, runners, schedules, ids, clock, metrics.nodeId(), readiness);

    // Serving before the hub is on the bus with every node would let events pass it by.
    hubReady.get(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    startEventLogPruning(system, pool, channelLog, config);
    // Alone, there is no other node for a proxy to send the traffic to: waiting would only delay the stop.
    Duration drainFor = config.clusterSettings().enable()
        ? Duration.ofSeconds(config.serviceSettings().shutdownDrainSeconds()) : Duration.ZERO;
    NodeDrain drain = new NodeDrain(system, readiness, hub, drainFor, HAND_OFF_WITHIN);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "chorus-drain", drain::run);

    ListenAddress listen = ListenAddress.parse(config.serviceSettings().listenAddress());
    String host = listen.allInterfaces() ? "0.0.0.0" : listen.host();
    Route served = Directives.concat(new WebPages().routes(), api.routes());
    ServerBinding binding = Http.get(system).newServerAt(host, listen.port()).bind(served)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    HttpPortClose.register(system, binding, !drainFor.isZero());
    readiness.ready();
    sockets.tell(new Connections.Ready());
    return binding;
  }

  /** {@code /metrics} on its own port, and the poller that reads cluster and pool state every tick; both end with the node. */
  private static void startMetrics(ActorSystem<?> system, MetricsSettings settings, NodeMetrics metrics, DataSources dataSource,
      PersistencePool pool, JobRepository jobRows) throws Exception {
    MetricsEndpoint endpoint = MetricsEndpoint.start(system, settings, metrics.nodeId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    Cancellable poller = new MetricsPoller(system, metrics, dataSource, pool, jobRows, ASK_TIMEOUT).start(Duration.ofSeconds(settings.tickIntervalSeconds()));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "chorus-metrics", () -> {
      poller.cancel();
      return endpoint.stop().thenApply(unbound -> Done.getInstance());
    });
    log.info("Prometheus metrics on port {} at /metrics, refreshed every {} s", endpoint.port(), settings.tickIntervalSeconds());
  }

  /**
   * Starts the jobs of this build (the runners and schedules made in {@code wire}). Every node watches for a cluster without a scheduler; a node with RunScheduler may become
   * the scheduling leader; a node with RunJobs claims and runs jobs, stops claiming when it
   * drains and hands its running jobs back when it stops.
   */
  private static void startJobs(ActorSystem<?> system, ActorSpawner spawner, LiveConfig liveConfig, PersistencePool pool,
      JobRepository jobRows, List<JobRunner> runners, List<JobSchedule> schedules, Ids ids, Clock clock, String nodeId,
      Readiness readiness) {
    JobSettings settings = liveConfig.current().jobSettings();
    spawner.spawn(SchedulerWatch.create(settings.pollInterval()), "chorus-scheduler-watch");
    if (settings.runScheduler()) {
      JobScheduler.init(system, new JobScheduler.Deps(pool, jobRows, schedules, ids, clock, settings.schedulerInterval(),
          () -> liveConfig.current().jobSettings().cleanupJobsThresholdDays()));
    }
    if (settings.runJobs()) {
      JobWorker worker = JobWorker.start(system, new JobWorker.Deps(pool, jobRows, runners, nodeId, settings,
          () -> !readiness.isDraining()));
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "chorus-jobs-stop", worker::stop);
    }
  }

  /**
   * The cluster singletons Chorus starts, for the console's Cluster page: the shard coordinators
   * (on the sharding role, none by default) and the job scheduler (on its role).
   */
  private static List<ClusterView.SingletonSpec> singletons(ActorSystem<?> system) {
    scala.Option<String> role = ClusterShardingSettings.create(system).role();
    String shardingRole = role.isDefined() ? role.get() : "";
    return List.of(
        new ClusterView.SingletonSpec(PresenceEntity.TYPE_KEY.name() + " shard coordinator", shardingRole),
        new ClusterView.SingletonSpec(JobScheduler.NAME, JobScheduler.ROLE));
  }

  private static WebSocketServices.Timings webSocketTimings(ChorusConfig config) {
    return new WebSocketServices.Timings(AUTH_TIMEOUT, Duration.ofSeconds(config.serviceSettings().webSocketResumeWindowSeconds()),
        PRESENCE_GRACE, CLAIM_TIMEOUT, HAND_OFF_WITHIN, FORWARD_FOR);
  }

  /** Session entries past their refresh, and write marks past their window, are let go now and then. */
  private static void keepCachesSmall(ActorSystem<?> system, NodeSessions sessions, ReadYourWrites readYourWrites) {
    system.scheduler().scheduleWithFixedDelay(SESSION_REFRESH, SESSION_REFRESH, () -> {
      sessions.evictStale();
      readYourWrites.forgetOld();
    }, system.executionContext());
  }

  /**
   * Deletes channel-log rows no resume or repair can need any more: older than four resume
   * windows (a client may be away one window, and its node's crash and the claim take
   * seconds). Every node runs it; a delete that finds nothing costs an index lookup.
   */
  private static void startEventLogPruning(ActorSystem<?> system, PersistencePool pool, ChannelEventRepository channelLog,
      ChorusConfig config) {
    long keep = Math.max(Duration.ofMinutes(20).toMillis(), 4L * config.serviceSettings().webSocketResumeWindowSeconds() * 1000);
    system.scheduler().scheduleWithFixedDelay(PRUNE_EVERY, PRUNE_EVERY,
        () -> pool.write(dsl -> channelLog.pruneOlderThan(dsl, keep)).whenComplete((pruned, failure) -> {
          if (failure != null) {
            log.warn("Pruning the channel event log failed: {}", failure.toString());
          }
        }), system.executionContext());
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

  public ActorSystem<NodeGuardian.Command> system() {
    return system;
  }

  /**
   * Stops the node the way SIGTERM does: coordinated shutdown drains it (not ready, WebSockets
   * handed to the nodes that stay), closes the HTTP port, leaves the cluster, stops the actors;
   * then the database pools and the embedded database close.
   */
  @Override
  public void close() {
    try {
      // An actor system that already stopped (it crashed, or a test killed it) has nothing left to drain.
      if (!system.getWhenTerminated().toCompletableFuture().isDone()) {
        CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture().get(2, TimeUnit.MINUTES);
      }
    } catch (Exception e) {
      log.warn("coordinated shutdown did not finish", e);
      system.terminate();
    }
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
