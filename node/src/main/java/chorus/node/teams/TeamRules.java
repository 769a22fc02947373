package chorus.node.teams;

import chorus.node.http.ApiException;
import chorus.protocol.api.CreateTeamRequest;
import chorus.protocol.api.PatchTeamRequest;
import chorus.protocol.api.Team;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Mattermost's team rules: URL-safe names that do not shadow the web app's own paths, field limits, allowed domains. */
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
    checkDisplayName(request.displayName() == null ? "" : request.displayName());
    if (!Team.OPEN.equals(request.type()) && !Team.INVITE.equals(request.type())) {
      throw ApiException.badRequest("model.team.is_valid.type.app_error", "Invalid type.");
    }
    checkLength(request.description(), 255, "description");
    checkLength(request.allowedDomains(), 1000, "domains");
  }

  /** The parts of {@link #check} a patch can change; null fields are left as they are. */
  static void check(PatchTeamRequest patch) {
    if (patch.displayName() != null) {
      checkDisplayName(patch.displayName());
    }
    checkLength(patch.description(), 255, "description");
    checkLength(patch.companyName(), 64, "company");
    checkLength(patch.allowedDomains(), 1000, "domains");
  }

  /**
   * Mattermost's {@code allowed_domains} test: the list may separate domains with commas,
   * spaces or {@code @}; an empty list allows everyone, otherwise the e-mail must end in
   * {@code @domain} for one of them (so {@code sub.example.com} does not match {@code example.com}).
   */
  static boolean emailAllowed(String allowedDomains, String email) {
    String normalized = allowedDomains == null ? "" : allowedDomains.toLowerCase(Locale.ROOT).replace('@', ' ').replace(',', ' ').trim();
    if (normalized.isEmpty()) {
      return true;
    }
    String lowerEmail = email == null ? "" : email.toLowerCase(Locale.ROOT);
    return Arrays.stream(normalized.split("\\s+")).anyMatch(domain -> lowerEmail.endsWith("@" + domain));
  }

  private static void checkDisplayName(String displayName) {
    String display = displayName.trim();
    if (display.isEmpty() || display.codePointCount(0, display.length()) > 64) {
      throw ApiException.badRequest("model.team.is_valid.characters.app_error", "Name must be between 1 and 64 characters.");
    }
  }

  private static void checkLength(String value, int max, String field) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      throw ApiException.badRequest("model.team.is_valid." + field + ".app_error", "Invalid " + field + ".");
    }
  }
}
