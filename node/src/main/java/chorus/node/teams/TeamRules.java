package chorus.node.teams;

import chorus.node.http.ApiException;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.Team;
import java.util.List;
import java.util.regex.Pattern;

/** Mattermost's team rules: URL-safe names that do not shadow the web app's own paths. */
final class TeamRules {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]+([a-z0-9-]*[a-z0-9]+)?$");
  private static final List<String> RESERVED = List.of("admin", "api", "channel", "claim", "error", "files", "help",
      "landing", "login", "mfa", "oauth", "plug", "plugins", "post", "signup", "boards", "playbooks");

  private TeamRules() {}

  static void check(CreateTeamRequest request) {
    String name = request.name() == null ? "" : request.name();
    if (name.length() < 2 || name.length() > 64 || !NAME.matcher(name).matches()) {
      throw ApiException.badRequest("model.team.is_valid.name.app_error",
          "Name must be 2 or more lowercase alphanumeric characters or hyphens, starting and ending with a letter or number.");
    }
    if (RESERVED.stream().anyMatch(name::startsWith)) {
      throw ApiException.badRequest("model.team.is_valid.reserved.app_error", "This URL is unavailable. Please try another.");
    }
    String display = request.displayName() == null ? "" : request.displayName().trim();
    if (display.isEmpty() || display.codePointCount(0, display.length()) > 64) {
      throw ApiException.badRequest("model.team.is_valid.characters.app_error", "Name must be between 1 and 64 characters.");
    }
    if (!Team.OPEN.equals(request.type()) && !Team.INVITE.equals(request.type())) {
      throw ApiException.badRequest("model.team.is_valid.type.app_error", "Invalid type.");
    }
    if (request.description() != null && request.description().codePointCount(0, request.description().length()) > 255) {
      throw ApiException.badRequest("model.team.is_valid.description.app_error", "Invalid description.");
    }
  }
}
