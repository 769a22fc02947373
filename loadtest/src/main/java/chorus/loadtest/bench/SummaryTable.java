package chorus.loadtest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary every run prints and the HTML report leads with: one row per target of the
 * issue, the measured value, the target, and the ratio measured/target (or the same-run
 * baseline ratio where the target is one).
 */
public final class SummaryTable {
  /** A full run (not --quick) is meant to finish within 15 minutes; see the README's benchmark section. */
  static final double FULL_RUN_BUDGET_SECONDS = 15 * 60;
  /** No memory probe (nodes given by URL), or too few sockets for the node's memory to show them. */
  private static final String NOT_MEASURED = "not measured (no local node, or too few sockets to show)";

  private SummaryTable() {}

  /** A row: scenario, what, measured, target, ratio (already formatted). */
  public record Row(String scenario, String measure, String measured, String target, String ratio) {}

  public static List<Row> rows(BenchReport r) {
    List<Row> rows = new ArrayList<>();
    int cores = r.machine().cores();
    // Pinned, the node had its own CPUs: per node core. Otherwise every process shared the machine.
    boolean pinned = r.machine().note().startsWith("pinned");
    int perCoreOf = pinned ? CpuPlan.forCpus(cores).nodeCpus() : cores;
    String core = pinned ? "node core" : "machine core";
    if (r.fanOut() != null) {
      var f = r.fanOut();
      if (f.best() != null) {
        double perCore = f.best().deliveredPerSecond() / perCoreOf;
        rows.add(new Row("a fan-out", String.format("delivered events/s per %s at p99 <= 100 ms (%d ch x %d, %d posts/s)",
            core, f.params().channels(), f.params().membersPerChannel(),
            f.best().targetPostsPerSecond()),
            num(perCore), "50,000", ratio(perCore / 50_000)));
        rows.add(new Row("a fan-out", "publish->deliver p50 / p99 / max at that rate",
            ms(f.best().publishToDeliver().p50Ms()) + " / " + ms(f.best().publishToDeliver().p99Ms()) + " / " + ms(f.best().publishToDeliver().maxMs()),
            "p99 <= 100 ms", ""));
      } else {
        rows.add(new Row("a fan-out", "delivered events/s per core at p99 <= 100 ms", "no step met p99 <= 100 ms", "50,000", "0"));
      }
      var d = f.delivery();
      rows.add(new Row("a fan-out", "correctness: owed / missing / duplicated / out of order / unexpected",
          d.expectedDeliveries() + " / " + d.missing() + " / " + d.duplicated() + " / " + d.outOfOrder() + " / " + d.unexpected(),
          "0 / 0 / 0 / 0", d.exact() ? "exact" : "VIOLATED"));
    }
    if (r.idle() != null) {
      var i = r.idle();
      rows.add(new Row("b idle", "authenticated WebSockets held (failed connects)", num(i.opened()) + " (" + i.failedConnects() + ")",
          "100,000 per node", ratio(i.opened() / 100_000.0)));
      i.connectFailures().forEach((why, count) -> rows.add(new Row("b idle", "failed connects: " + why, num(count), "0", "")));
      rows.add(new Row("b idle", "connect to hello, per socket: p50 / p99 / max", ms(i.openTimes().p50Ms()) + " / "
          + ms(i.openTimes().p99Ms()) + " / " + ms(i.openTimes().maxMs()), "", ""));
      rows.add(new Row("b idle", "server-side closes while held (client reconnected)", Long.toString(i.reconnects()), "0", ""));
      rows.add(new Row("b idle", "node heap per socket (after full GC)",
          i.heapBytesPerSocket().map(b -> kb(b)).orElse(NOT_MEASURED), "<= 20 KB",
          i.heapBytesPerSocket().map(b -> ratio(b / 20_480)).orElse("")));
      rows.add(new Row("b idle", "node RSS per socket", i.rssBytesPerSocket().map(b -> kb(b)).orElse(NOT_MEASURED), "<= 20 KB",
          i.rssBytesPerSocket().map(b -> ratio(b / 20_480)).orElse("")));
    }
    if (r.durable() != null) {
      var c = r.durable();
      String best = c.best().map(b -> num(b.postsPerSecond()) + " posts/s (p99 " + ms(b.createPost().p99Ms()) + ")").orElse("no rate met p99 <= 50 ms");
      String base = c.pgbench().map(p -> num(p.tps()) + " tps").orElse("not measured");
      rows.add(new Row("c durable", "highest createPost rate with p99 <= 50 ms", best, "pgbench INSERT: " + base,
          c.ratioToBaseline().map(SummaryTable::ratio).orElse("")));
      c.atSeventyPercentOfBaseline().ifPresent(s -> rows.add(new Row("c durable",
          String.format("createPost p99 at 70%% of the pgbench rate (%d/s)", s.targetPostsPerSecond()),
          ms(s.createPost().p99Ms()) + (s.createPost().errors() > 0 ? " (" + s.createPost().errors() + " errors)" : ""),
          "<= 50 ms", ratio(s.createPost().p99Ms() / 50))));
    }
    if (r.capacity() != null) {
      var d = r.capacity();
      boolean allPassed = !d.steps().isEmpty() && d.steps().stream().allMatch(s -> s.passed());
      String users = d.highestPassingUsers().map(u -> u + " users" + (d.cappedByPopulation() || allPassed ? " (every step passed: a lower bound)" : ""))
          .orElse("none passed");
      rows.add(new Row("d capacity", "Mattermost-profile users passing p99 < 2 s, errors < 0.025 %", users, "", ""));
      double perCore = d.highestPassingUsers().orElse(0) / (double) perCoreOf;
      rows.add(new Row("d capacity", "users per " + core, num(perCore), "2,500", ratio(perCore / 2_500)));
    }
    if (r.cluster() != null) {
      rows.addAll(clusterRows(r.cluster()));
    }
    if (r.failover() != null) {
      rows.addAll(failoverRows(r.failover()));
    }
    r.cpu().forEach((key, used) -> rows.add(new Row(key, "CPU in cores: node JVM / PostgreSQL / generator",
        String.format(Locale.ROOT, "%.2f / %.2f / %.2f", used.node(), used.database(), used.generator()),
        "of " + cores + (r.machine().note().startsWith("pinned") ? " (pinned)" : " (shared)"), "")));
    if (r.timings() != null) {
      rows.addAll(wallTimeRows(r.timings(), r.quick()));
    }
    for (String missing : r.notRun()) {
      rows.add(new Row(missing.substring(0, 1), "not run", missing, "", ""));
    }
    r.failures().forEach((k, v) -> rows.add(new Row(k, "FAILED", v, "", "")));
    for (String note : r.notes()) {
      rows.add(new Row(note.substring(0, 1), "note", note, "", ""));
    }
    return rows;
  }

  /** Scenario (e): each measure on 1 node and on the cluster, the ratio cluster / 1 node. */
  private static List<Row> clusterRows(ClusterComparison.Result e) {
    List<Row> rows = new ArrayList<>();
    var p = e.params();
    String n = p.clusterNodes() + " nodes";
    String setting = String.format("(%d ch x %d, %d posts/s)", p.channels(), p.membersPerChannel(), p.postsPerSecond());
    if (e.oneNode().steps().isEmpty() || e.cluster().steps().isEmpty()) {
      rows.add(new Row("e 1 vs " + n, "fan-out " + setting, "no step ran", "", ""));
      return rows;
    }
    var one = e.oneNode().steps().get(0);
    var many = e.cluster().steps().get(0);
    rows.add(new Row("e 1 vs " + n, "delivered events/s " + setting + ": " + n + " (1 node)",
        num(many.deliveredPerSecond()), "1 node: " + num(one.deliveredPerSecond()), e.deliveredRatio().map(SummaryTable::ratio).orElse("")));
    rows.add(new Row("e 1 vs " + n, "publish->deliver p50: " + n, ms(many.publishToDeliver().p50Ms()),
        "1 node: " + ms(one.publishToDeliver().p50Ms()), e.p50Ratio().map(SummaryTable::ratio).orElse("")));
    rows.add(new Row("e 1 vs " + n, "publish->deliver p99: " + n, ms(many.publishToDeliver().p99Ms()),
        "1 node: " + ms(one.publishToDeliver().p99Ms()), e.p99Ratio().map(SummaryTable::ratio).orElse("")));
    var d1 = e.oneNode().delivery();
    var dn = e.cluster().delivery();
    rows.add(new Row("e 1 vs " + n, "correctness " + n + ": owed / missing / duplicated / out of order / unexpected",
        dn.expectedDeliveries() + " / " + dn.missing() + " / " + dn.duplicated() + " / " + dn.outOfOrder() + " / " + dn.unexpected(),
        "1 node: " + d1.expectedDeliveries() + " / " + d1.missing() + " / " + d1.duplicated() + " / " + d1.outOfOrder() + " / " + d1.unexpected(),
        (dn.exact() ? "exact" : "VIOLATED") + " / " + (d1.exact() ? "exact" : "VIOLATED")));
    return rows;
  }

  /** Scenario (f): per phase, what the official-client users saw. */
  private static List<Row> failoverRows(FailoverScenario.Result f) {
    List<Row> rows = new ArrayList<>();
    for (var phase : List.of(Map.entry("graceful restart", f.graceful()), Map.entry("kill -9", f.crash()))) {
      var p = phase.getValue();
      String name = "f " + phase.getKey();
      boolean graceful = p == f.graceful();
      rows.add(new Row(name, "reconnects / resumed without refetch / refetched", p.reconnects() + " / " + p.resumed() + " / " + p.refetches(),
          graceful ? "all resumed" : "resume or refetch", ratio(p.resumedFraction())));
      rows.add(new Row(name, "acked posts: lost / duplicated / out of order / silent gaps",
          p.postsAcked() + ": " + p.lost() + " / " + p.duplicates() + " / " + p.outOfOrder() + " / " + p.seqErrors(), "0 / 0 / 0 / 0",
          p.lost() + p.duplicates() + p.outOfOrder() + p.seqErrors() == 0 ? "exact" : "VIOLATED"));
      rows.add(new Row(name, "failed requests (of) / request p99", p.failedRequests() + " (" + p.requests() + ") / " + ms(p.latencyP99Ms()),
          graceful ? "0 / <= 1 s" : "p99 <= 1 s", ""));
      rows.add(new Row(name, "resume p50 / p99, longest outage", ms(p.resumeP50Ms()) + " / " + ms(p.resumeP99Ms()) + ", "
          + ms(p.longestOutageMs()), "outage <= 10 s", ratio(p.longestOutageMs() / 10_000.0)));
    }
    rows.add(new Row("f kill -9", "kill -9 to the node removed from the cluster", String.format(Locale.ROOT, "%.1f s", f.removalSeconds()),
        "<= 10 s", ratio(f.removalSeconds() / 10)));
    return rows;
  }

  /** The run's total against the budget (full runs), then each phase's seconds. */
  private static List<Row> wallTimeRows(RunTimings t, boolean quick) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("run", "wall time, generator start to report", minutes(t.totalSeconds()),
        quick ? "(quick: no budget)" : "<= " + minutes(FULL_RUN_BUDGET_SECONDS), quick ? "" : ratio(t.totalSeconds() / FULL_RUN_BUDGET_SECONDS)));
    t.phases().forEach((phase, seconds) -> rows.add(new Row("run", "wall time: " + phase, seconds(seconds), "", "")));
    rows.add(new Row("run", "wall time: other (JVM start, between phases, report)", seconds(t.otherSeconds()), "", ""));
    return rows;
  }

  static String minutes(double seconds) {
    return String.format(Locale.ROOT, "%.1f min (%.0f s)", seconds / 60, seconds);
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.1f s", seconds);
  }

  public static String render(BenchReport report) {
    List<Row> rows = rows(report);
    String[] header = {"scenario", "measure", "measured", "target / baseline", "ratio"};
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
    }
    for (Row row : rows) {
      String[] cells = cells(row);
      for (int i = 0; i < cells.length; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    String[] rule = new String[header.length];
    for (int i = 0; i < rule.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    line(out, rule, width);
    for (Row row : rows) {
      line(out, cells(row), width);
    }
    return out.toString();
  }

  static String[] cells(Row row) {
    return new String[] {row.scenario(), row.measure(), row.measured(), row.target(), row.ratio()};
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    out.append("| ");
    for (int i = 0; i < cells.length; i++) {
      out.append(String.format("%-" + width[i] + "s", cells[i])).append(" | ");
    }
    out.setLength(out.length() - 1);
    out.append('\n');
  }

  static String num(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  static String ms(double v) {
    return String.format(Locale.ROOT, "%.1f ms", v);
  }

  static String kb(double bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
  }

  static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2fx", v);
  }
}
