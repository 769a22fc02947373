package chorus.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks every API test repeats: status with the body in the failure message, and Mattermost's error shape. */
final class ApiAssertions {
  private ApiAssertions() {}

  /** Asserts the status and that the body is JSON (which {@link ApiClient} only parses under exactly {@code application/json}). */
  static JsonNode assertJson(Response response, int status) {
    assertThat(response.status()).as("status of %s", response.rawBody()).isEqualTo(status);
    assertThat(response.header("Content-Type")).as("Content-Type").isEqualTo("application/json");
    assertThat(response.body()).as("JSON body").isNotNull();
    return response.body();
  }

  /**
   * Asserts Mattermost's error body: the id, {@code status_code} equal to the HTTP status, and a
   * 26-character {@code request_id} equal to the {@code X-Request-ID} header.
   */
  static JsonNode assertError(Response response, int status, String id) {
    JsonNode body = assertJson(response, status);
    assertThat(body.path("id").asText()).as("error id in %s", response.rawBody()).isEqualTo(id);
    assertThat(body.path("status_code").asInt()).as("status_code").isEqualTo(status);
    assertThat(body.path("message").asText()).as("message").isNotBlank();
    assertThat(body.has("detailed_error")).as("detailed_error present").isTrue();
    assertThat(body.path("request_id").asText()).as("request_id").hasSize(26).isEqualTo(response.header("X-Request-ID"));
    return body;
  }

  /** Every field name anywhere in {@code node}, nested objects and arrays included. */
  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    collect(node, names);
    return names;
  }

  private static void collect(JsonNode node, List<String> names) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        names.add(field.getKey());
        collect(field.getValue(), names);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, names));
    }
  }

  static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path("id").asText()));
    return out;
  }
}
