package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a client reads before login: ping, client config and license, and the headers and error shape of every response. */
class SystemApiTest {
  private static TestNode node;
  /** Read before any account exists, so NoAccounts is known to be "true" whatever order the tests run in. */
  private static Response configBeforeAnyAccount;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    configBeforeAnyAccount = node.client().get("/config/client?format=old");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void plainPingIsOkAndDoesNotReportTheDatabase() {
    Response response = node.client().get("/system/ping");

    JsonNode body = assertJson(response, 200);
    assertThat(body.path("status").asText()).isEqualTo("OK");
    assertThat(body.path("ActiveSearchBackend").asText()).isEqualTo("database");
    assertThat(body.has("AndroidLatestVersion")).isTrue();
    assertThat(body.has("database_status")).isFalse();
    assertThat(response.header("database_status")).isNull();
  }

  @Test
  void anHttp10HealthCheckWithoutHostIsAnswered() throws Exception {
    URI base = URI.create(node.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      // What HAProxy's "option httpchk GET /api/v4/system/ping" sends.
      socket.getOutputStream().write("GET /api/v4/system/ping HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 200").contains("\"status\":\"OK\"");
    }
  }

  @Test
  void pingWithServerStatusReportsTheDatabaseInBodyAndHeaders() {
    Response response = node.client().get("/system/ping?get_server_status=true&use_rest_semantics=true");

    JsonNode body = assertJson(response, 200);
    assertThat(body.path("status").asText()).isEqualTo("OK");
    assertThat(body.path("database_status").asText()).isEqualTo("OK");
    assertThat(response.header("status")).isEqualTo("OK");
    assertThat(response.header("database_status")).isEqualTo("OK");
  }

  @Test
  void aHealthyServerStatusIsOkWithoutRestSemanticsToo() {
    Response response = node.client().get("/system/ping?get_server_status=true");

    assertThat(assertJson(response, 200).path("database_status").asText()).isEqualTo("OK");
    assertThat(response.header("database_status")).isEqualTo("OK");
  }

  @Test
  void aWrongMethodIsAJsonError() {
    Response response = node.client().delete("/system/ping");

    JsonNode body = assertJson(response, 405);
    assertThat(body.path("status_code").asInt()).isEqualTo(405);
    assertThat(body.path("request_id").asText()).isEqualTo(response.header("X-Request-ID"));
  }

  @Test
  void clientConfigOldFormatIsAFlatMapOfStrings() {
    JsonNode body = assertJson(configBeforeAnyAccount, 200);

    assertThat(body.isObject()).isTrue();
    assertThat(body.size()).isGreaterThan(10);
    List<String> notStrings = new ArrayList<>();
    body.properties().forEach(field -> {
      if (!field.getValue().isTextual()) {
        notStrings.add(field.getKey() + "=" + field.getValue());
      }
    });
    assertThat(notStrings).as("values that are not strings").isEmpty();
    assertThat(body.path("NoAccounts").asText()).isEqualTo("true");
    assertThat(body.path("Version").asText()).isNotEmpty();
    assertThat(configBeforeAnyAccount.header("Cache-Control")).contains("no-cache");
  }

  @Test
  void noAccountsTurnsFalseOnceSomeoneHasSignedUp() {
    node.client().createUser(ApiClient.unique("sys"), "Passw0rd!");

    JsonNode body = assertJson(node.client().get("/config/client?format=old"), 200);

    assertThat(body.path("NoAccounts").asText()).isEqualTo("false");
  }

  @Test
  void clientConfigTellsClientsThePrivacySettings() {
    JsonNode body = assertJson(node.client().get("/config/client?format=old"), 200);

    assertThat(body.path("ShowEmailAddress").asText()).isEqualTo("true");
    assertThat(body.path("ShowFullName").asText()).isEqualTo("true");
  }

  @Test
  void clientConfigWithoutFormatIsNotImplemented() {
    assertError(node.client().get("/config/client"), 501, "api.config.client.old_format.app_error");
  }

  @Test
  void clientConfigInTheNewFormatIsABadRequest() {
    Response response = node.client().get("/config/client?format=new");

    assertJson(response, 400);
    assertThat(response.body().path("status_code").asInt()).isEqualTo(400);
    assertThat(response.body().path("id").asText()).startsWith("api.context.");
  }

  @Test
  void clientLicenseSaysUnlicensed() {
    JsonNode body = assertJson(node.client().get("/license/client?format=old"), 200);

    assertThat(body.path("IsLicensed").isTextual()).isTrue();
    assertThat(body.path("IsLicensed").asText()).isEqualTo("false");
  }

  @Test
  void unknownRouteIsAJson404() {
    assertError(node.client().get("/nope"), 404, "api.context.404.app_error");
    assertError(node.client().post("/nope/deeper", Map.of("a", "b")), 404, "api.context.404.app_error");
  }

  /** The official client parses a body only when Content-Type is exactly application/json (A.2). */
  @Test
  void jsonResponsesCarryExactlyApplicationJsonOnSuccessAndError() {
    Response success = node.client().get("/system/ping");
    Response error = node.client().get("/users/me");

    assertThat(success.status()).isEqualTo(200);
    assertThat(success.header("Content-Type")).isEqualTo("application/json");
    assertThat(success.headers("Content-Type")).hasSize(1);
    assertError(error, 401, "api.context.session_expired.app_error");
    assertThat(error.headers("Content-Type")).containsExactly("application/json");
  }

  @Test
  void everyResponseCarriesARequestIdAndTheVersion() {
    Response first = node.client().get("/system/ping");
    Response second = node.client().get("/system/ping");
    Response error = node.client().get("/nope");

    assertThat(first.header("X-Request-ID")).hasSize(26).matches("[a-z0-9]{26}");
    assertThat(second.header("X-Request-ID")).hasSize(26).isNotEqualTo(first.header("X-Request-ID"));
    assertThat(error.header("X-Request-ID")).isEqualTo(error.body().path("request_id").asText());
    for (Response response : List.of(first, error)) {
      // <version>.<build>.<config hash>.<licensed>, as Mattermost's X-Version-Id.
      assertThat(response.header("X-Version-Id")).matches("\\d+\\.\\d+\\.\\d+\\..+\\.(true|false)");
    }
  }

  @Test
  void securityHeadersAreSetAndGetsDoNotCache() {
    Response get = node.client().get("/system/ping");
    Response post = node.client().post("/users/logout", null);

    for (Response response : List.of(get, post)) {
      assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
    assertThat(get.header("Expires")).isEqualTo("0");
    assertThat(post.header("Expires")).isNull();
  }

  @Test
  void aClientSuppliedRequestIdIsReplaced() {
    Response response = node.client().send("GET", "/nope", null, Map.of("X-Request-ID", "client-chosen"));

    assertThat(response.header("X-Request-ID")).hasSize(26).isNotEqualTo("client-chosen");
    assertThat(response.body().path("request_id").asText()).isEqualTo(response.header("X-Request-ID"));
  }
}
