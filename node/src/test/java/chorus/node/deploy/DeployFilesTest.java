package chorus.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chorus.node.testkit.NpmInstall;
import chorus.protocol.config.ConfigLoader;
import chorus.protocol.config.ListenAddress;
import chorus.protocol.config.LoadedConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under deploy/ that an operator installs, checked as far as this machine allows:
 * Kubernetes manifests parsed and cross-checked (labels, ports, probes, and the config they
 * carry loaded by the node's own loader), the systemd unit by systemd-analyze when present,
 * every sysctl key against this kernel, and install.sh run for real into a scratch root.
 */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Map<String, String> API_VERSIONS = Map.of("ConfigMap", "v1", "Secret", "v1", "Service", "v1",
      "Deployment", "apps/v1", "PodDisruptionBudget", "policy/v1");

  private static Map<String, List<JsonNode>> manifests;

  @BeforeAll
  static void readManifests() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    manifests = new HashMap<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
          manifests.computeIfAbsent(doc.path("kind").asText(), kind -> new ArrayList<>()).add(doc);
        }
      }
    }
  }

  private static JsonNode only(String kind) {
    assertThat(manifests.get(kind)).as(kind).hasSize(1);
    return manifests.get(kind).get(0);
  }

  @Test
  void everyManifestIsAKnownKindWithItsApiVersionAndAName() {
    assertThat(manifests.keySet()).containsExactlyInAnyOrderElementsOf(API_VERSIONS.keySet());
    manifests.forEach((kind, docs) -> docs.forEach(doc -> {
      assertThat(doc.path("apiVersion").asText()).as(kind).isEqualTo(API_VERSIONS.get(kind));
      assertThat(doc.path("metadata").path("name").asText()).as(kind).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }));
  }

  @Test
  void selectorsFindTheNodesAndProbesUseTheManagementEndpoints() {
    JsonNode deployment = only("Deployment");
    JsonNode template = deployment.path("spec").path("template");
    Map<String, String> podLabels = strings(template.path("metadata").path("labels"));
    assertThat(podLabels).containsAllEntriesOf(strings(deployment.path("spec").path("selector").path("matchLabels")));
    assertThat(podLabels).containsAllEntriesOf(strings(only("PodDisruptionBudget").path("spec").path("selector").path("matchLabels")));
    for (JsonNode service : manifests.get("Service")) {
      assertThat(podLabels).as(service.path("metadata").path("name").asText())
          .containsAllEntriesOf(strings(service.path("spec").path("selector")));
    }

    JsonNode container = template.path("spec").path("containers").get(0);
    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/alive");
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
    }
    for (JsonNode service : manifests.get("Service")) {
      service.path("spec").path("ports").forEach(p -> assertThat(ports).containsKey(p.path("targetPort").asText()));
    }
    assertThat(deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt())
        .isGreaterThanOrEqualTo(30);
  }

  /**
   * Every manifest against the Kubernetes API's own schemas (the kubernetes-models npm package,
   * pinned in node/src/test/deploycheck), and a broken one is caught: no kubectl or API server
   * is needed.
   */
  @Test
  void theManifestsValidateAgainstTheKubernetesSchemas(@TempDir Path dir) throws Exception {
    Path check = Path.of("src", "test", "deploycheck");
    NpmInstall.ensure(check, "@grafana/schema");
    List<String> manifests;
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      manifests = files.filter(f -> f.toString().endsWith(".yaml")).map(f -> f.toAbsolutePath().toString()).sorted().toList();
    }
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, Files.readString(DEPLOY.resolve("k8s/deployment.yaml"))
        .replace("containerPort: 8065", "containerPort: \"eighty\""));

    Result shipped = run(concat(List.of("node", check.resolve("validate-k8s.mjs").toString()), manifests), Map.of());
    Result wrong = run(List.of("node", check.resolve("validate-k8s.mjs").toString(), broken.toString()), Map.of());

    assertThat(shipped.exit()).as(shipped.output()).isZero();
    assertThat(shipped.output().lines().filter(l -> l.startsWith("valid "))).hasSize(6);
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.output()).contains("containerPort must be integer");
  }

  /**
   * The Grafana dashboard against Grafana's own Dashboard type (@grafana/schema, type-checked by
   * tsc), and a dashboard with a wrong field type is caught. MetricsTest checks its queries.
   */
  @Test
  void theGrafanaDashboardIsAValidDashboard(@TempDir Path dir) throws Exception {
    Path check = Path.of("src", "test", "deploycheck");
    NpmInstall.ensure(check, "@grafana/schema");
    Path shipped = DEPLOY.resolve("grafana/chorus-dashboard.json");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, Files.readString(shipped).replace("\"uid\": \"chorus-cluster\"", "\"uid\": 42"));

    Result valid = run(List.of("node", check.resolve("check-dashboard.mjs").toString(), shipped.toString()), Map.of());
    Result invalid = run(List.of("node", check.resolve("check-dashboard.mjs").toString(), broken.toString()), Map.of());

    assertThat(valid.exit()).as(valid.output()).isZero();
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.output()).contains("not assignable to type 'string'");
  }

  /** The ConfigMap's config.json, with the example Secret's variables, is what the node would load. */
  @Test
  void theConfigMapAndSecretMakeAValidClusterConfigOnTheContainersPorts(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, only("ConfigMap").path("data").path("config.json").asText());
    Map<String, String> environment = new HashMap<>(strings(only("Secret").path("stringData")));
    JsonNode container = only("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
    container.path("env").forEach(e -> {
      if (e.has("value")) {
        environment.put(e.path("name").asText(), e.path("value").asText());
      } else {
        environment.put(e.path("name").asText(), "10.0.0.7");
      }
    });

    LoadedConfig loaded = ConfigLoader.loadDetailed(Optional.of(config), environment);

    assertThat(loaded.ignoredKeys()).isEmpty();
    assertThat(loaded.ignoredVariables()).as("every MM_ variable names a setting")
        .allMatch(name -> !name.startsWith("MM_") || name.equals("MM_CONFIG"));
    assertThat(loaded.config().clusterSettings().enable()).isTrue();
    assertThat(loaded.config().clusterSettings().overrideHostname()).isEqualTo("10.0.0.7");
    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertThat(ports).containsEntry("http", ListenAddress.parse(loaded.config().serviceSettings().listenAddress()).port())
        .containsEntry("gossip", loaded.config().clusterSettings().gossipPort())
        .containsEntry("management", loaded.config().clusterSettings().managementPort());
  }

  @Test
  void theSystemdUnitVerifiesAndMatchesTheLimitsFile() throws Exception {
    Path unit = DEPLOY.resolve("systemd/chorus.service");
    String text = Files.readString(unit);
    assertThat(text).contains("Restart=always", "StartLimitIntervalSec=0", "KillSignal=SIGTERM");
    String nofile = Files.readAllLines(DEPLOY.resolve("limits.d/60-chorus.conf")).stream()
        .filter(l -> l.startsWith("chorus hard nofile")).findFirst().orElseThrow().replaceAll(".*\\s", "");
    assertThat(text).contains("LimitNOFILE=" + nofile);
    String nrOpen = Files.readAllLines(DEPLOY.resolve("sysctl.d/60-chorus.conf")).stream()
        .filter(l -> l.startsWith("fs.nr_open")).findFirst().orElseThrow().replaceAll(".*=\\s*", "");
    assertThat(Long.parseLong(nrOpen)).as("fs.nr_open allows the unit's LimitNOFILE").isGreaterThanOrEqualTo(Long.parseLong(nofile));

    Optional<Path> analyze = Stream.of("/usr/bin/systemd-analyze", "/bin/systemd-analyze").map(Path::of).filter(Files::isExecutable).findFirst();
    assumeTrue(analyze.isPresent(), "systemd-analyze is not installed here");
    Result verify = run(List.of(analyze.get().toString(), "verify", unit.toAbsolutePath().toString()), Map.of());
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).as("systemd-analyze has no complaint").doesNotContain("chorus.service:");
  }

  /** A key this kernel does not know would make `sysctl --system` print an error at boot. */
  @Test
  void everySysctlKeyExistsOnThisKernel() throws IOException {
    List<String> settings = Files.readAllLines(DEPLOY.resolve("sysctl.d/60-chorus.conf")).stream()
        .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

    assertThat(settings).isNotEmpty().allMatch(l -> l.matches("[a-z0-9_.-]+ = [0-9 ]+"));
    for (String line : settings) {
      String key = line.substring(0, line.indexOf(' '));
      assertThat(Path.of("/proc/sys", key.replace('.', '/'))).as(key).exists();
    }
  }

  @Test
  void installIsIdempotentAndTheDryRunChangesNothing(@TempDir Path dir) throws Exception {
    Path jar = Files.writeString(dir.resolve("node.jar"), "not really a jar");
    Path root = dir.resolve("root");
    List<String> install = List.of("bash", DEPLOY.resolve("install.sh").toString(), "--root", root.toString(), "--jar", jar.toString());

    Result dryRun = run(concat(install, "--dry-run"), Map.of());
    assertThat(dryRun.exit()).as(dryRun.output()).isZero();
    assertThat(dryRun.output()).contains("would install /etc/systemd/system/chorus.service");
    assertThat(root).doesNotExist();

    Result first = run(install, Map.of());
    Result second = run(install, Map.of());

    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("install /opt/chorus/chorus-node.jar").doesNotContain("would");
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output()).contains("nothing to change").doesNotContain("install ");
    assertThat(root.resolve("etc/systemd/system/chorus.service")).hasSameTextualContentAs(DEPLOY.resolve("systemd/chorus.service"));
    assertThat(root.resolve("etc/sysctl.d/60-chorus.conf")).hasSameTextualContentAs(DEPLOY.resolve("sysctl.d/60-chorus.conf"));
    assertThat(root.resolve("etc/security/limits.d/60-chorus.conf")).hasSameTextualContentAs(DEPLOY.resolve("limits.d/60-chorus.conf"));
    assertThat(root.resolve("opt/chorus/chorus-node.jar")).hasSameTextualContentAs(jar);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/chorus")))).isEqualTo("rwxr-x---");
  }

  private static List<String> concat(List<String> list, String more) {
    return concat(list, List.of(more));
  }

  private static List<String> concat(List<String> list, List<String> more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(more);
    return all;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new HashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
