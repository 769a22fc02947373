package chorus.node.metrics;

import chorus.protocol.config.ListenAddress;
import chorus.protocol.config.MetricsSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import kamon.Kamon;
import kamon.module.Module;
import kamon.prometheus.PrometheusReporter;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Serves {@code GET /metrics} in Prometheus's text format on {@code MetricsSettings.ListenAddress},
 * apart from the API port so that it can stay inside the operator's network.
 *
 * <p>Kamon is started without its agent: Chorus takes its own measurements ({@link NodeMetrics})
 * and Kamon's JVM and process modules add {@code jvm_*} and {@code process_*}; attaching the
 * Kanela agent to instrument Pekko's internals would cost seconds at start-up and rewrite
 * classes in every node of a JVM, which is not worth it for what Chorus measures itself.
 * Kamon's own Prometheus server and host metrics stay off (one reporter per node below; host
 * metrics are node_exporter's job). The numbers move in ticks of {@code TickIntervalSeconds}.
 */
public final class MetricsEndpoint {
  private static final ContentType.WithCharset PROMETHEUS_TEXT = MediaTypes.TEXT_PLAIN.toContentType(HttpCharsets.UTF_8);

  private final Module.Registration registration;
  private final ServerBinding binding;

  private MetricsEndpoint(Module.Registration registration, ServerBinding binding) {
    this.registration = registration;
    this.binding = binding;
  }

  /** Starts Kamon for this JVM (again, if another node in it already did: the settings are the same) and binds. */
  public static CompletionStage<MetricsEndpoint> start(ActorSystem<?> system, MetricsSettings settings, String nodeId) {
    Config kamon = kamonConfig(settings);
    startKamon(kamon);
    PrometheusReporter reporter = new PrometheusReporter("kamon.prometheus", kamon);
    Module.Registration registration = Kamon.addReporter("chorus-prometheus-" + nodeId, reporter);
    ListenAddress listen = ListenAddress.parse(settings.listenAddress());
    String host = listen.allInterfaces() ? "0.0.0.0" : listen.host();
    return Http.get(system).newServerAt(host, listen.port()).bind(new Scrape(reporter).route())
        .thenApply(bound -> new MetricsEndpoint(registration, bound))
        .whenComplete((ok, failure) -> {
          if (failure != null) {
            registration.cancel();
          }
        });
  }

  /** The one route: what the reporter gathered at the last tick. */
  private static final class Scrape extends AllDirectives {
    private final PrometheusReporter reporter;

    Scrape(PrometheusReporter reporter) {
      this.reporter = reporter;
    }

    Route route() {
      return path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(PROMETHEUS_TEXT, reporter.scrapeData()))));
    }
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public CompletionStage<?> stop() {
    registration.cancel();
    return binding.unbind();
  }

  /**
   * Kamon's scheduler and module registry exist once per JVM, and starting them twice would
   * tick every reporter twice: the first node of a JVM starts them, later ones (tests run
   * several) only apply their settings. This flag mirrors Kamon's own global state; it is the
   * one piece of static mutable state in Chorus, because Kamon offers no way to ask.
   */
  private static final AtomicBoolean KAMON_STARTED = new AtomicBoolean();

  private static void startKamon(Config kamon) {
    if (KAMON_STARTED.compareAndSet(false, true)) {
      Kamon.initWithoutAttaching(kamon);
    } else {
      Kamon.reconfigure(kamon);
    }
  }

  static Config kamonConfig(MetricsSettings settings) {
    return ConfigFactory.parseString(String.join("\n",
            "kamon.metric.tick-interval = " + settings.tickIntervalSeconds() + " seconds",
            "kamon.metric.optimistic-tick-alignment = no",
            "kamon.init.hide-banner = yes",
            "kamon.environment.service = chorus",
            "kamon.prometheus.start-embedded-http-server = no",
            "kamon.modules.prometheus-reporter.enabled = no",
            "kamon.modules.pushgateway-reporter.enabled = no",
            "kamon.modules.host-metrics.enabled = no"))
        .withFallback(ConfigFactory.load(MetricsEndpoint.class.getClassLoader()));
  }
}
