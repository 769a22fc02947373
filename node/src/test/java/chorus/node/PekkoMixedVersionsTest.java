package chorus.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ManifestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code pekko.fail-mixed-versions = off} silences Pekko's own check for every artifact, so this
 * test does the check instead: each Pekko artifact on the node's classpath must carry its
 * release train's version (core, HTTP, Management, Connectors each release on their own), except
 * the artifacts listed in {@link #ALLOWED_OLDER}, which application.conf names in its comment.
 */
class PekkoMixedVersionsTest {
  /** The one allow-list: artifact → the only older version allowed, and why. */
  static final Map<String, String> ALLOWED_OLDER = Map.of(
      "pekko-http-xml", "1.0.1",
      "pekko-discovery", "1.2.1");

  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "versions",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void onlyTheAllowListedArtifactsAreMixed() {
    Map<String, String> found = new TreeMap<>();
    CollectionConverters.asJava(ManifestInfo.get(system).versions()).forEach((artifact, version) -> found.put(artifact, version.toString()));
    assertThat(found).containsKeys("pekko-actor", "pekko-http-core", "pekko-connectors-s3", "pekko-http-xml", "pekko-discovery");

    Map<String, String> mixed = new TreeMap<>();
    found.forEach((artifact, version) -> {
      String expected = found.get(trainAnchor(artifact));
      if (!version.equals(expected)) {
        mixed.put(artifact, version);
      }
    });
    assertThat(mixed).as("Pekko artifacts whose version differs from their release train (found: %s)", found)
        .isEqualTo(ALLOWED_OLDER);
  }

  @Test
  void theSettingIsOffAndItsCommentNamesExactlyTheAllowList() throws IOException {
    assertThat(system.settings().config().getBoolean("pekko.fail-mixed-versions")).isFalse();
    String conf;
    try (InputStream in = getClass().getResourceAsStream("/application.conf")) {
      conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ALLOWED_OLDER.forEach((artifact, version) -> assertThat(conf).contains("#   " + artifact + " " + version));
  }

  /** The artifact whose version a train's other artifacts must match. */
  private static String trainAnchor(String artifact) {
    if (artifact.startsWith("pekko-http") || artifact.equals("pekko-parsing")) {
      return "pekko-http-core";
    }
    if (artifact.startsWith("pekko-management")) {
      return "pekko-management";
    }
    if (artifact.startsWith("pekko-connectors")) {
      return "pekko-connectors-s3";
    }
    return "pekko-actor";
  }
}
