package chorus.loadtest.bench;

import chorus.loadtest.metrics.LatencySummary;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes {@code results.json} (everything measured) and {@code report.html} (tables and SVG plots). */
public final class ReportWriter {
  private ReportWriter() {}

  public static void write(BenchReport report, Path dir) throws IOException {
    Files.writeString(dir.resolve("results.json"), mapper().writeValueAsString(report));
    Files.writeString(dir.resolve("report.html"), html(report));
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static ObjectMapper mapper() {
    SimpleModule module = new SimpleModule();
    module.addSerializer((Class) Optional.class, new JsonSerializer<Optional<?>>() {
      @Override
      public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        provider.defaultSerializeValue(value.orElse(null), gen);
      }
    });
    module.addSerializer(Duration.class, new JsonSerializer<Duration>() {
      @Override
      public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeNumber(value.toMillis() / 1000.0);
      }
    });
    return new ObjectMapper().registerModule(module).enable(SerializationFeature.INDENT_OUTPUT);
  }

  static String html(BenchReport r) {
    StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>Chorus benchmark</title><style>"
        + "body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}"
        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}th{background:#f4f4f4}"
        + "svg{margin:0.5em 1em 0.5em 0;border:1px solid #eee}</style></head><body>");
    h.append("<h1>Chorus benchmark").append(r.quick() ? " (quick)" : "").append("</h1>");
    var m = r.machine();
    h.append("<p>").append(Svg.esc(m.startedAt())).append(" &middot; ").append(m.cores()).append(" cores &middot; ")
        .append(Svg.esc(m.os())).append(" &middot; Java ").append(Svg.esc(m.java())).append(" &middot; load average at start ")
        .append(Svg.esc(m.loadAverageAtStart())).append("<br>").append(Svg.esc(m.note())).append("<br>targets: ")
        .append(Svg.esc(String.join(", ", r.targets()))).append(" &middot; population ").append(r.populationUsers())
        .append(" users, built in ").append(String.format("%.1f", r.setupSeconds())).append(" s &middot; arguments: <code>")
        .append(Svg.esc(String.join(" ", r.arguments()))).append("</code></p>");
    h.append("<h2>Summary</h2><table><tr><th>scenario</th><th>measure</th><th>measured</th><th>target / baseline</th><th>ratio</th></tr>");
    for (SummaryTable.Row row : SummaryTable.rows(r)) {
      h.append("<tr>");
      for (String cell : SummaryTable.cells(row)) {
        h.append("<td>").append(Svg.esc(cell)).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
    h.append(wallTime(r));
    if (r.fanOut() != null) {
      var f = r.fanOut();
      h.append("<h2>(a) Fan-out</h2><p>").append(f.params().channels()).append(" channels &times; ").append(f.params().membersPerChannel())
          .append(" members, ").append(f.sockets()).append(" sockets; reconnects ").append(f.reconnects()).append(", seq gaps ")
          .append(f.seqGaps()).append("</p>");
      h.append("<table><tr><th>target posts/s</th><th>posts/s</th><th>skipped</th><th>delivered/s</th><th>createPost p50/p99</th>"
          + "<th>deliver p50/p95/p99/max</th><th>createPost errors</th><th>p99 &le; 100 ms</th></tr>");
      List<Svg.Series> curves = new ArrayList<>();
      for (var s : f.steps()) {
        h.append(row(s.targetPostsPerSecond(), fmt(s.postsPerSecond()), s.skipped(), fmt(s.deliveredPerSecond()),
            pair(s.createPost()), quad(s.publishToDeliver()), s.createPost().errorsByStatus(), s.withinLimit()));
        curves.add(new Svg.Series(s.targetPostsPerSecond() + " posts/s", s.publishToDeliver().curve()));
      }
      h.append("</table>");
      h.append(Svg.percentiles("publish -> deliver latency by percentile", curves));
      h.append(Svg.lines("throughput per second", "seconds", "per second", timeline(f.timeline(), "posts", "deliveries", "errors")));
    }
    if (r.cluster() != null) {
      var e = r.cluster();
      h.append("<h2>(e) Fan-out on 1 node vs ").append(e.params().clusterNodes()).append(" clustered nodes</h2><p>")
          .append(e.params().channels()).append(" channels &times; ").append(e.params().membersPerChannel()).append(" members at ")
          .append(e.params().postsPerSecond()).append(" posts/s for ").append(e.params().stepDuration().toSeconds())
          .append(" s each; the cluster (").append(Svg.esc(String.join(", ", e.clusterUrls()))).append(", up in ")
          .append(fmt(e.clusterStartSeconds())).append(" s) shares the single node's PostgreSQL and serves the same users, "
              + "client i on node i mod ").append(e.params().clusterNodes()).append(".</p>");
      h.append("<table><tr><th>nodes</th><th>sockets</th><th>posts/s</th><th>delivered/s</th><th>createPost p50/p99</th>"
          + "<th>deliver p50/p95/p99/max</th><th>createPost errors</th><th>reconnects</th><th>delivery</th></tr>");
      List<Svg.Series> curves = new ArrayList<>();
      for (var side : List.of(Map.entry("1", e.oneNode()), Map.entry(Integer.toString(e.params().clusterNodes()), e.cluster()))) {
        var f = side.getValue();
        for (var s : f.steps()) {
          h.append(row(side.getKey(), f.sockets(), fmt(s.postsPerSecond()), fmt(s.deliveredPerSecond()), pair(s.createPost()),
              quad(s.publishToDeliver()), s.createPost().errorsByStatus(), f.reconnects(), f.delivery()));
          curves.add(new Svg.Series(side.getKey() + " node(s)", s.publishToDeliver().curve()));
        }
      }
      h.append("</table>");
      h.append("<p>Ratio ").append(e.params().clusterNodes()).append(" nodes / 1 node: delivered events/s ")
          .append(e.deliveredRatio().map(SummaryTable::ratio).orElse("?")).append(", publish&rarr;deliver p50 ")
          .append(e.p50Ratio().map(SummaryTable::ratio).orElse("?")).append(", p99 ")
          .append(e.p99Ratio().map(SummaryTable::ratio).orElse("?")).append("</p>");
      h.append(Svg.percentiles("(e) publish -> deliver latency by percentile", curves));
      h.append(Svg.lines("(e) 1 node: throughput per second", "seconds", "per second", timeline(e.oneNode().timeline(), "posts", "deliveries", "errors")));
      h.append(Svg.lines("(e) cluster: throughput per second", "seconds", "per second", timeline(e.cluster().timeline(), "posts", "deliveries", "errors")));
    }
    if (r.failover() != null) {
      var f = r.failover();
      h.append("<h2>(f) Failover behind HAProxy</h2><p>3 clustered nodes (").append(Svg.esc(f.cluster())).append(") behind ")
          .append(Svg.esc(f.proxy())).append("; ")
          .append(f.params().users()).append(" official-client users per phase posting ").append(f.params().postsPerSecond())
          .append(" posts/s in all. Graceful: SIGTERM to node 3, then started again. Crash: SIGKILL to node 2 (removed after ")
          .append(fmt(f.removalSeconds())).append(" s), then started again.</p>");
      h.append("<table><tr><th>phase</th><th>acked</th><th>reconnects</th><th>resumed</th><th>refetched</th><th>lost</th>"
          + "<th>duplicated</th><th>failed requests</th><th>request p99</th><th>resume p50/p99</th><th>longest outage</th></tr>");
      for (var phase : List.of(Map.entry("graceful", f.graceful()), Map.entry("kill -9", f.crash()))) {
        var p = phase.getValue();
        h.append(row(phase.getKey(), p.postsAcked(), p.reconnects(), p.resumed(), p.refetches(), p.lost(), p.duplicates(),
            p.failedRequests() + " of " + p.requests(), SummaryTable.ms(p.latencyP99Ms()),
            SummaryTable.ms(p.resumeP50Ms()) + " / " + SummaryTable.ms(p.resumeP99Ms()), SummaryTable.ms(p.longestOutageMs())));
      }
      h.append("</table>");
    }
    if (r.idle() != null) {
      var i = r.idle();
      h.append("<h2>(b) Idle connections</h2><table><tr><th>sockets</th><th>connect time</th><th>heap before/after</th>"
          + "<th>RSS before/after</th><th>heap per socket</th><th>RSS per socket</th><th>reconnects</th></tr>");
      h.append(row(i.opened(), fmt(i.connectSeconds()) + " s",
          i.before().map(b -> mb(b.heapAfterGcBytes())).orElse("?") + " / " + i.after().map(a -> mb(a.heapAfterGcBytes())).orElse("?"),
          i.before().map(b -> mb(b.rssBytes())).orElse("?") + " / " + i.after().map(a -> mb(a.rssBytes())).orElse("?"),
          i.heapBytesPerSocket().map(SummaryTable::kb).orElse("?"), i.rssBytesPerSocket().map(SummaryTable::kb).orElse("?"), i.reconnects()));
      h.append("</table>");
      if (!i.nodeHeapByClass().isEmpty()) {
        h.append("<p>Node heap by class with every socket open (jcmd GC.class_histogram: rank, instances, bytes, class):</p><pre>");
        i.nodeHeapByClass().forEach(line -> h.append(Svg.esc(line)).append('\n'));
        h.append("</pre>");
      }
    }
    if (r.durable() != null) {
      var c = r.durable();
      h.append("<h2>(c) Durable posts</h2>");
      c.pgbench().ifPresent(p -> h.append("<p>Baseline: ").append(Svg.esc(p.version())).append(", single-row INSERT, ")
          .append(p.clients()).append(" clients, ").append(p.seconds()).append(" s, synchronous_commit=").append(p.synchronousCommit())
          .append(": <b>").append(fmt(p.tps())).append(" tps</b>, latency average ").append(fmt(p.latencyAverageMs())).append(" ms</p>"));
      h.append("<table><tr><th>target posts/s</th><th>posts/s</th><th>skipped</th><th>createPost p50/p95/p99/max</th><th>errors</th><th>p99 &le; 50 ms</th></tr>");
      List<Svg.Series> curves = new ArrayList<>();
      List<double[]> p99 = new ArrayList<>();
      List<DurableRow> all = new ArrayList<>();
      c.steps().forEach(s -> all.add(new DurableRow("", s)));
      c.atSeventyPercentOfBaseline().ifPresent(s -> all.add(new DurableRow(" (70% of pgbench)", s)));
      for (DurableRow d : all) {
        var s = d.step();
        h.append(row(s.targetPostsPerSecond() + d.label(), fmt(s.postsPerSecond()), s.skipped(), quad(s.createPost()),
            s.createPost().errorsByStatus(), s.withinLimit()));
        curves.add(new Svg.Series(s.targetPostsPerSecond() + "/s" + d.label(), s.createPost().curve()));
      }
      c.steps().forEach(s -> p99.add(new double[] {s.targetPostsPerSecond(), s.createPost().p99Ms()}));
      h.append("</table>");
      h.append(Svg.percentiles("createPost latency by percentile", curves));
      h.append(Svg.lines("createPost p99 by offered rate", "posts/s offered", "p99 ms", List.of(new Svg.Series("p99", p99),
          new Svg.Series("limit 50 ms", List.of(new double[] {0, 50}, new double[] {c.steps().isEmpty() ? 1 : c.steps().get(c.steps().size() - 1).targetPostsPerSecond(), 50})))));
    }
    if (r.capacity() != null) {
      var d = r.capacity();
      h.append("<h2>(d) Capacity</h2><p>Mattermost profile: weights ").append(Svg.esc(d.params().profile().weights().toString()))
          .append(", idle ").append(d.params().profile().minIdleMillis()).append("&ndash;").append(2 * d.params().profile().avgIdleMillis() - d.params().profile().minIdleMillis())
          .append(" ms (mean ").append(d.params().profile().avgIdleMillis()).append(" ms); window ").append(d.params().window().toSeconds())
          .append(" s per step; reconnects ").append(d.reconnects()).append("; delivery ").append(Svg.esc(d.delivery().toString())).append("</p>");
      h.append("<table><tr><th>users</th><th>requests</th><th>p50/p95/p99/max</th><th>errors</th><th>passed</th></tr>");
      List<double[]> p99 = new ArrayList<>();
      for (var s : d.steps()) {
        h.append(row(s.users(), s.overall().count(), quad(s.overall()), s.overall().errorsByStatus(), s.passed()));
        p99.add(new double[] {s.users(), s.overall().p99Ms()});
      }
      h.append("</table>");
      h.append(Svg.lines("client p99 by users", "users", "p99 ms", List.of(new Svg.Series("p99 all requests", p99))));
      h.append(Svg.lines("requests per second", "seconds", "per second", timeline(d.timeline(), "requests", "posts", "deliveries", "errors")));
    }
    return h.append("</body></html>").toString();
  }

  private record DurableRow(String label, chorus.loadtest.scenario.DurablePostsScenario.Step step) {}

  private static List<Svg.Series> timeline(Map<String, List<Long>> timeline, String... names) {
    List<Svg.Series> series = new ArrayList<>();
    for (String name : names) {
      List<Long> values = timeline.get(name);
      if (values == null) {
        continue;
      }
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        points.add(new double[] {i, values.get(i)});
      }
      series.add(new Svg.Series(name, points));
    }
    return series;
  }

  private static String row(Object... cells) {
    StringBuilder row = new StringBuilder("<tr>");
    for (Object cell : cells) {
      row.append("<td>").append(Svg.esc(String.valueOf(cell))).append("</td>");
    }
    return row.append("</tr>").toString();
  }

  private static String pair(LatencySummary s) {
    return fmt(s.p50Ms()) + " / " + fmt(s.p99Ms()) + " ms";
  }

  private static String quad(LatencySummary s) {
    return fmt(s.p50Ms()) + " / " + fmt(s.p95Ms()) + " / " + fmt(s.p99Ms()) + " / " + fmt(s.maxMs()) + " ms";
  }

  /** The run's wall time by phase, so that a run shows where its minutes went and whether it kept the budget. */
  private static String wallTime(BenchReport r) {
    RunTimings t = r.timings();
    if (t == null) {
      return "";
    }
    StringBuilder h = new StringBuilder("<h2>Wall time</h2><p>").append(SummaryTable.minutes(t.totalSeconds()));
    if (!r.quick()) {
      h.append(" of the full run's budget of ").append(SummaryTable.minutes(SummaryTable.FULL_RUN_BUDGET_SECONDS));
    }
    h.append(" (from the generator's start; building jars and fetching pgbench come before it).</p>")
        .append("<table><tr><th>phase</th><th>seconds</th><th>share</th></tr>");
    t.phases().forEach((phase, seconds) -> h.append(row(phase, fmt(seconds), percent(seconds / t.totalSeconds()))));
    h.append(row("other (JVM start, between phases, report)", fmt(t.otherSeconds()), percent(t.otherSeconds() / t.totalSeconds())));
    return h.append("</table>").toString();
  }

  private static String percent(double share) {
    return String.format(java.util.Locale.ROOT, "%.0f %%", share * 100);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }

  private static String mb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
