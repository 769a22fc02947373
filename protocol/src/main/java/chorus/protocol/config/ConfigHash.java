package chorus.protocol.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code config_hash} each node reports in the cluster status, shown by the System
 * Console as "Config File MD5": a node whose hash differs from the first node's is flagged,
 * which is how an operator spots a node started with a stale config.
 *
 * <p>It is the MD5 hex of the canonical JSON of the effective config with
 * {@code ClusterSettings} replaced by its defaults. Canonical means keys sorted, Mattermost
 * spelling, no whitespace: what Python's
 * {@code json.dumps(c, sort_keys=True, separators=(",", ":"))} prints, so tools can
 * recompute it. ClusterSettings are left out, as Mattermost documents, because they hold
 * the values that legitimately differ per node ({@code OverrideHostname},
 * {@code GossipPort}, {@code ManagementPort}); replacing them with defaults rather than
 * removing the section keeps the hashed document a complete config. Hashing the bound
 * records rather than the file's bytes means formatting, key case and settings Chorus
 * ignores do not matter. Environment overrides are included: they change what the node
 * does. So are the other listen addresses, as in Mattermost, so nodes sharing one host on
 * different {@code ServiceSettings.ListenAddress} ports do show different hashes.
 */
public final class ConfigHash {
  private ConfigHash() {}

  public static String hash(ChorusConfig config) {
    ObjectMapper mapper = ConfigJson.newMapper();
    ObjectNode tree = mapper.valueToTree(config);
    if (tree.replace("ClusterSettings", mapper.valueToTree(ClusterSettings.defaults())) == null) {
      throw new IllegalStateException("the config tree has no ClusterSettings section: " + tree.properties());
    }
    try {
      byte[] canonical = mapper.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED).writeValueAsBytes(tree);
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash config", e); // neither can happen for a tree and a JDK-mandated digest
    }
  }
}
