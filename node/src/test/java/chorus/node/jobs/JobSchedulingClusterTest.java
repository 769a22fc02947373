package chorus.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chorus.management.jobs.JobScheduler;
import chorus.management.jobs.SchedulerWatch;
import chorus.node.testkit.ApiClient;
import chorus.node.testkit.TestCluster;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Three nodes in one JVM, one clock they share that the test moves: node 0 only schedules
 * (RunJobs=false), node 1 schedules and runs jobs, node 2 only runs jobs (RunScheduler=false).
 * The scheduling leader is crashed just before a retention slot falls due and the slot still runs
 * exactly once; then the next leader leaves right after inserting a slot, the cluster has no
 * scheduler for a while (a WARN says so), and the node that then joins with RunScheduler does
 * not schedule that slot again.
 *
 * <p>"Crashed" means the actor system stops without leaving the cluster (coordinated shutdown is
 * not run by terminate in this class), so the others see it unreachable and the split-brain
 * resolver downs it, as after a kill -9.
 */
class JobSchedulingClusterTest {
  private static final String NO_LEAVE = "pekko.coordinated-shutdown.run-by-actor-system-terminate";
  private static final ZoneId ZONE = ZoneId.systemDefault();

  private static final MovableClock clock = new MovableClock();
  private static TestCluster cluster;
  private static Instant slot;
  private static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  /** The system clock moved by an offset the test sets; every node reads the same one. */
  static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void setNow(Instant now) {
      offset = Duration.between(Instant.now(), now);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
      return ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    System.setProperty(NO_LEAVE, "off");
    ConfigFactory.invalidateCaches();
    logs.start();
    for (Class<?> source : List.of(JobScheduler.class, SchedulerWatch.class)) {
      ((Logger) LoggerFactory.getLogger(source)).addAppender(logs);
    }
    ZonedDateTime at = ZonedDateTime.now(ZONE).plusHours(3).truncatedTo(ChronoUnit.MINUTES);
    slot = at.toInstant();
    clock.setNow(slot.minusSeconds(60)); // before today's slot: yesterday's is the current one
    Map<String, String> common = Map.of(
        "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "200",
        "MM_JOBSETTINGS_SCHEDULERINTERVALMILLISECONDS", "200",
        "MM_JOBSETTINGS_LEASEMILLISECONDS", "3000",
        "MM_DATARETENTIONSETTINGS_ENABLEMESSAGEDELETION", "true",
        "MM_DATARETENTIONSETTINGS_MESSAGERETENTIONHOURS", "24",
        "MM_DATARETENTIONSETTINGS_DELETIONJOBSTARTTIME", String.format("%02d:%02d", at.getHour(), at.getMinute()));
    cluster = TestCluster.start(List.of(clock, clock, clock), List.of(
        with(common, "MM_JOBSETTINGS_RUNJOBS", "false"),
        common,
        with(common, "MM_JOBSETTINGS_RUNSCHEDULER", "false")));
  }

  @AfterAll
  static void stop() {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      for (Class<?> source : List.of(JobScheduler.class, SchedulerWatch.class)) {
        ((Logger) LoggerFactory.getLogger(source)).detachAppender(logs);
      }
      System.clearProperty(NO_LEAVE);
      ConfigFactory.invalidateCaches();
    }
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> env = new HashMap<>(base);
    env.put(key, value);
    return env;
  }

  @Test
  void aSlotRunsExactlyOnceAcrossLeaderCrashAndHandover() throws Exception {
    TestNode survivor = cluster.node(2);
    ApiClient admin = survivor.client();
    admin.signUp("admin");
    JsonNode status = admin.get("/cluster/status").body();
    assertThat(status).hasSize(3);
    Set<String> notRunningJobs = new HashSet<>();
    status.forEach(n -> {
      if (!n.path("run_jobs").asBoolean()) {
        notRunningJobs.add(n.path("id").asText());
      }
    });
    assertThat(notRunningJobs).hasSize(1);
    String yesterday = slot.minus(Duration.ofDays(1)).toString();
    await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(statusOfSlot(survivor, yesterday)));

    // The leader (node 0, the oldest with the role) crashes; then the slot falls due.
    cluster.node(0).node().system().terminate();
    cluster.node(0).node().system().getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    long crashed = System.currentTimeMillis();
    clock.setNow(slot.plusMillis(200));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> startAt(survivor, slot.toString()) > 0);
    assertThat(messages()).as("the new leader scheduled it").anyMatch(m -> m.startsWith("This node ("
        + cluster.node(1).node().system().address() + ") is the job scheduling leader"));
    long started = startAt(survivor, slot.toString());
    System.out.printf("leader crash to the slot's job starting: %d ms%n", started - crashed);
    await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(statusOfSlot(survivor, slot.toString())));

    assertThat(jobsOfSlot(survivor, slot.toString())).isEqualTo(1);
    assertThat(fenceOfSlot(survivor, slot.toString())).as("claimed once").isEqualTo(1);
    assertThat(workers(survivor)).doesNotContainAnyElementsOf(notRunningJobs).isNotEmpty();

    // Node 1 leads now; it inserts the next day's slot and leaves at once.
    Instant next = slot.plus(Duration.ofDays(1));
    clock.setNow(next.plusMillis(100));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> jobsOfSlot(survivor, next.toString()) == 1);
    cluster.node(1).close();
    await().atMost(Duration.ofSeconds(30)).until(() -> messages().stream()
        .anyMatch(m -> m.contains("No node of this cluster has JobSettings.RunScheduler=true")));
    JsonNode alone = admin.get("/cluster/status").body();
    assertThat(alone).hasSize(1);
    assertThat(alone.get(0).path("run_scheduler").asBoolean()).isFalse();

    TestNode newLeader = cluster.startNode(clock, Map.of(
        "MM_JOBSETTINGS_POLLINTERVALMILLISECONDS", "200",
        "MM_JOBSETTINGS_SCHEDULERINTERVALMILLISECONDS", "200",
        "MM_DATARETENTIONSETTINGS_ENABLEMESSAGEDELETION", "true",
        "MM_DATARETENTIONSETTINGS_DELETIONJOBSTARTTIME", String.format("%02d:%02d",
            slot.atZone(ZONE).getHour(), slot.atZone(ZONE).getMinute())));
    String leaderLine = "This node (" + newLeader.node().system().address() + ") is the job scheduling leader";
    await().atMost(Duration.ofSeconds(30)).until(() -> messages().stream().anyMatch(m -> m.startsWith(leaderLine)));
    await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(statusOfSlot(survivor, next.toString())));
    // A few checks of the new leader later, the slot still has its one job.
    long checks = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() > checks);
    assertThat(jobsOfSlot(survivor, next.toString())).isEqualTo(1);

    String jobsOnly = survivor.node().system().address().toString();
    assertThat(messages()).filteredOn(m -> m.contains("is the job scheduling leader")).noneMatch(m -> m.contains(jobsOnly));
  }

  private static List<String> messages() {
    synchronized (logs) {
      return new ArrayList<>(logs.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static String statusOfSlot(TestNode node, String slotKey) throws Exception {
    return query(node, "select status from jobs where type = 'data_retention' and slot_key = ?", slotKey);
  }

  private static long startAt(TestNode node, String slotKey) throws Exception {
    String value = query(node, "select start_at from jobs where type = 'data_retention' and slot_key = ?", slotKey);
    return value == null ? 0 : Long.parseLong(value);
  }

  private static long jobsOfSlot(TestNode node, String slotKey) throws Exception {
    return Long.parseLong(query(node, "select count(*) from jobs where type = 'data_retention' and slot_key = ?", slotKey));
  }

  private static long fenceOfSlot(TestNode node, String slotKey) throws Exception {
    return Long.parseLong(query(node, "select fence from jobs where type = 'data_retention' and slot_key = ?", slotKey));
  }

  private static Set<String> workers(TestNode node) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = node.node().dataSources().primaryDataSource().getConnection();
        PreparedStatement st = c.prepareStatement("select distinct worker_node from jobs where worker_node <> ''")) {
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static String query(TestNode node, String sql, String bind) throws Exception {
    try (Connection c = node.node().dataSources().primaryDataSource().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, bind);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
