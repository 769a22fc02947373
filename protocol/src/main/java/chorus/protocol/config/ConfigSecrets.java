package chorus.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Which settings are secrets, and how the config API hides them, with Mattermost's rules
 * ({@code model.Config.Sanitize} and {@code config.Desanitize}): a secret is served as
 * {@link #FAKE_SETTING}, and the same mask sent back means "keep what is set", so that an
 * admin tool can read the config, change one setting and send it all back without knowing
 * the passwords. The database URLs are always masked (they hold the password), even when
 * empty, as Mattermost does; the S3 key and the LDAP bind password only when set, so an
 * empty one still reads as "not set".
 */
public final class ConfigSecrets {
  /** Mattermost's {@code model.FakeSetting}: 32 asterisks. */
  public static final String FAKE_SETTING = "********************************";

  private ConfigSecrets() {}

  /** {@code config} as config.json would hold it, with every secret replaced by the mask. */
  public static ObjectNode masked(ChorusConfig config) {
    ObjectNode tree = ConfigJson.newMapper().valueToTree(config);
    ObjectNode sql = (ObjectNode) tree.get("SqlSettings");
    sql.put("DataSource", FAKE_SETTING);
    maskEach((ArrayNode) sql.get("DataSourceReplicas"));
    maskEach((ArrayNode) sql.get("DataSourceSearchReplicas"));
    maskIfSet((ObjectNode) tree.get("FileSettings"), "AmazonS3SecretAccessKey");
    maskIfSet((ObjectNode) tree.get("LdapSettings"), "BindPassword");
    return tree;
  }

  /**
   * Puts the values of {@code actual} back where {@code sent} (a complete config tree, keys
   * spelt canonically) holds the mask. A list of replicas is restored element by element
   * only when it has as many entries as the one set: otherwise the positions mean nothing.
   */
  static void unmask(ObjectNode sent, ChorusConfig actual) {
    ObjectNode real = ConfigJson.newMapper().valueToTree(actual);
    for (String[] secret : new String[][] {
        {"SqlSettings", "DataSource"}, {"FileSettings", "AmazonS3SecretAccessKey"}, {"LdapSettings", "BindPassword"}}) {
      ObjectNode section = (ObjectNode) sent.get(secret[0]);
      if (FAKE_SETTING.equals(section.path(secret[1]).asText(null))) {
        section.set(secret[1], real.get(secret[0]).get(secret[1]));
      }
    }
    for (String list : new String[] {"DataSourceReplicas", "DataSourceSearchReplicas"}) {
      JsonNode sentList = sent.get("SqlSettings").get(list);
      JsonNode realList = real.get("SqlSettings").get(list);
      if (sentList instanceof ArrayNode entries && entries.size() == realList.size()) {
        for (int i = 0; i < entries.size(); i++) {
          if (FAKE_SETTING.equals(entries.get(i).asText())) {
            entries.set(i, realList.get(i));
          }
        }
      }
    }
  }

  private static void maskEach(ArrayNode list) {
    for (int i = 0; i < list.size(); i++) {
      list.set(i, TextNode.valueOf(FAKE_SETTING));
    }
  }

  private static void maskIfSet(ObjectNode section, String setting) {
    if (!section.path(setting).asText("").isEmpty()) {
      section.put(setting, FAKE_SETTING);
    }
  }
}
