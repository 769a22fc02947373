package chorus.node.api;

import static chorus.node.api.ApiAssertions.assertError;
import static chorus.node.api.ApiAssertions.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.node.testkit.ApiClient;
import chorus.node.testkit.NodeFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /roles}: what the apps read to decide what to offer, checked against what the server then allows. */
class RoleApiTest {
  @RegisterExtension
  static final NodeFixture node = NodeFixture.withAdmin();

  private static List<String> permissions(ApiClient client, String role) {
    List<String> out = new ArrayList<>();
    assertJson(client.get("/roles/name/" + role), 200).path("permissions").forEach(p -> out.add(p.asText()));
    return out;
  }

  @Test
  void theAppsGetTheRolesTheyAskForByNameAndUnknownOnesAreLeftOut() {
    ApiClient user = node.client();
    user.signUp("reader");

    JsonNode roles = assertJson(user.post("/roles/names",
        List.of("system_user", "team_user", "team_admin", "channel_user", "channel_admin", "system_guest")), 200);

    assertThat(roles).hasSize(5);
    roles.forEach(role -> {
      assertThat(role.path("id").asText()).matches("[a-z0-9]{26}");
      assertThat(role.path("built_in").asBoolean()).isTrue();
      assertThat(role.path("permissions").isArray()).isTrue();
    });
    JsonNode byId = assertJson(user.get("/roles/" + roles.get(0).path("id").asText()), 200);
    assertThat(byId.path("name").asText()).isEqualTo(roles.get(0).path("name").asText());
    assertError(user.post("/roles/names", List.of("Not A Role!")), 400, "api.context.invalid_param.app_error");
    assertError(user.get("/roles/name/no_such_role"), 404, "store.sql_role.get_by_name.app_error");
    assertError(user.get("/roles"), 403, "api.context.permissions.app_error");
    // The six of channels, teams and the system, and system_user_access_token.
    assertThat(assertJson(node.admin().get("/roles"), 200)).hasSize(7);
  }

  /** Each permission a role claims is one its holder can use, and what it lacks is refused. */
  @Test
  void rolesPromiseWhatTheServerAllowsAndNothingMore() {
    ApiClient owner = node.client();
    owner.signUp("owner");
    ApiClient member = node.client();
    String memberId = member.signUp("member").path("id").asText();

    assertThat(permissions(member, "system_user")).contains("create_team").doesNotContain("manage_system");
    String teamId = assertJson(member.post("/teams", Map.of("name", ApiClient.unique("own"), "display_name", "Own", "type", "O")), 201)
        .path("id").asText();
    assertError(member.get("/cluster/status"), 403, "api.context.permissions.app_error");

    String ownersTeam = owner.createTeam("roles").path("id").asText();
    assertJson(owner.post("/teams/" + ownersTeam + "/members", Map.of("team_id", ownersTeam, "user_id", memberId)), 201);
    assertThat(permissions(member, "team_user")).contains("create_public_channel").doesNotContain("manage_team");
    assertThat(permissions(member, "team_admin")).contains("manage_team");
    assertJson(member.post("/channels", Map.of("team_id", ownersTeam, "name", ApiClient.unique("c"), "display_name", "C", "type", "O")), 201);
    assertError(member.put("/teams/" + ownersTeam + "/patch", Map.of("display_name", "Mine now")), 403, "api.context.permissions.app_error");
    assertJson(member.put("/teams/" + teamId + "/patch", Map.of("display_name", "Still mine")), 200);

    assertThat(permissions(member, "system_admin")).contains("manage_system", "manage_roles", "edit_other_users");
    assertJson(node.admin().get("/cluster/status"), 200);
  }
}
