package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.ApiClient.Response;
import chorus.node.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** On a fresh node, sign-ups that race for "first account" make exactly one system admin. */
class FirstAccountRaceTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void exactlyOneOfManySimultaneousFirstSignUpsBecomesAdmin() {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Response>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String username = ApiClient.unique("first");
        calls.add(CompletableFuture.supplyAsync(() -> node.client().post("/users",
            Map.of("username", username, "email", username + "@example.com", "password", "Passw0rd!")), pool));
      }
      List<String> roles = calls.stream().map(call -> assertJson(call.join(), 201).path("roles").asText()).toList();

      assertThat(roles.stream().filter("system_user system_admin"::equals)).hasSize(1);
      assertThat(roles.stream().filter("system_user"::equals)).hasSize(7);
    } finally {
      pool.shutdownNow();
    }
  }
}
