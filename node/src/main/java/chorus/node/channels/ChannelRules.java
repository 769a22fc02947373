package chorus.node.channels;

import chorus.node.http.ApiException;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.PatchChannelRequest;
import java.util.regex.Pattern;

/** Mattermost's channel rules: lower-case identifiers, bounded display names, header and purpose, O or P types. */
final class ChannelRules {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]+([a-z0-9\\-_]*[a-z0-9]+)?$");

  private ChannelRules() {}

  static void check(CreateChannelRequest request) {
    checkName(request.name() == null ? "" : request.name());
    checkDisplayName(request.displayName() == null ? "" : request.displayName());
    if (!Channel.OPEN.equals(request.type()) && !Channel.PRIVATE.equals(request.type())) {
      throw ApiException.badRequest("model.channel.is_valid.type.app_error", "Invalid type.");
    }
    checkPurposeAndHeader(request.purpose(), request.header());
  }

  /**
   * The fields a patch sets; absent ones keep their (valid) value. A direct or group channel's
   * name and display name come from its members, so a patch changes only its header and purpose.
   */
  static void check(PatchChannelRequest patch, boolean directOrGroup) {
    if (patch.name() != null) {
      if (directOrGroup) {
        throw invalidName();
      }
      checkName(patch.name());
    }
    if (patch.displayName() != null) {
      if (directOrGroup) {
        throw ApiException.badRequest("model.channel.is_valid.display_name.app_error", "Invalid display name.");
      }
      checkDisplayName(patch.displayName());
    }
    checkPurposeAndHeader(patch.purpose(), patch.header());
  }

  private static void checkName(String name) {
    // "__" is how direct channels are named; a team channel must not look like one.
    if (name.isEmpty() || name.length() > 64 || !NAME.matcher(name).matches() || name.contains("__")) {
      throw invalidName();
    }
  }

  private static ApiException invalidName() {
    return ApiException.badRequest("model.channel.is_valid.name.app_error",
        "Name must be 1 to 64 lowercase alphanumeric characters, '-' or '_', starting and ending with a letter or number.");
  }

  private static void checkDisplayName(String displayName) {
    String display = displayName.trim();
    if (display.isEmpty() || display.codePointCount(0, display.length()) > 64) {
      throw ApiException.badRequest("model.channel.is_valid.display_name.app_error", "Invalid display name.");
    }
  }

  private static void checkPurposeAndHeader(String purpose, String header) {
    if (purpose != null && purpose.codePointCount(0, purpose.length()) > 250) {
      throw ApiException.badRequest("model.channel.is_valid.purpose.app_error", "Invalid purpose.");
    }
    if (header != null && header.codePointCount(0, header.length()) > 1024) {
      throw ApiException.badRequest("model.channel.is_valid.header.app_error", "Invalid header.");
    }
  }
}
