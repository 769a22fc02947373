package chorus.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.util.ManifestInfo;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code pekko.fail-mixed-versions = off} (chorus-management's reference.conf) lets exactly the artifacts this
 * registry serves only in older versions run next to Pekko 1.7.0. Every other Pekko artifact
 * must match its family's version, so that switching the check off hides nothing else.
 */
class PekkoVersionsTest {
  /** Artifact → the older version it is allowed at, and why. */
  private static final Map<String, String> ALLOWED_OLDER = Map.of(
      // Cluster bootstrap needs pekko-discovery; 1.2.1 is the newest served here.
      "pekko-discovery", "1.2.1");

  @Test
  void onlyTheListedArtifactsDifferFromTheirFamilysVersion() throws Exception {
    ActorSystem system = ActorSystem.create("versions",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    try {
      Map<String, String> versions = new TreeMap<>();
      CollectionConverters.asJava(ManifestInfo.get(system).versions()).forEach((name, v) -> versions.put(name, v.version()));
      String core = versions.get("pekko-actor");
      String http = versions.get("pekko-http-core");
      String management = versions.get("pekko-management");
      assertThat(core).isEqualTo(org.apache.pekko.Version.current());

      versions.forEach((artifact, version) -> {
        String expected = ALLOWED_OLDER.containsKey(artifact) ? ALLOWED_OLDER.get(artifact)
            : artifact.startsWith("pekko-http") || artifact.equals("pekko-parsing") ? http
            : artifact.startsWith("pekko-management") ? management
            : core;
        assertThat(version).as("%s (all Pekko artifacts: %s)", artifact, versions).isEqualTo(expected);
      });
      assertThat(versions).containsKeys(ALLOWED_OLDER.keySet().toArray(String[]::new));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
