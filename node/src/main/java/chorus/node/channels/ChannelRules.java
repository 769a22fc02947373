package chorus.node.channels;

import chorus.node.http.ApiException;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreateChannelRequest;
import java.util.regex.Pattern;

/** Mattermost's channel rules: lower-case identifiers, bounded display names, O or P types. */
final class ChannelRules {
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]+([a-z0-9\\-_]*[a-z0-9]+)?$");

  private ChannelRules() {}

  static void check(CreateChannelRequest request) {
    String name = request.name() == null ? "" : request.name();
    // "__" is how direct channels are named; a team channel must not look like one.
    if (name.isEmpty() || name.length() > 64 || !NAME.matcher(name).matches() || name.contains("__")) {
      throw ApiException.badRequest("model.channel.is_valid.name.app_error",
          "Name must be 1 to 64 lowercase alphanumeric characters, '-' or '_', starting and ending with a letter or number.");
    }
    String display = request.displayName() == null ? "" : request.displayName().trim();
    if (display.isEmpty() || display.codePointCount(0, display.length()) > 64) {
      throw ApiException.badRequest("model.channel.is_valid.display_name.app_error", "Invalid display name.");
    }
    if (!Channel.OPEN.equals(request.type()) && !Channel.PRIVATE.equals(request.type())) {
      throw ApiException.badRequest("model.channel.is_valid.type.app_error", "Invalid type.");
    }
    if (request.purpose() != null && request.purpose().codePointCount(0, request.purpose().length()) > 250) {
      throw ApiException.badRequest("model.channel.is_valid.purpose.app_error", "Invalid purpose.");
    }
    if (request.header() != null && request.header().codePointCount(0, request.header().length()) > 1024) {
      throw ApiException.badRequest("model.channel.is_valid.header.app_error", "Invalid header.");
    }
  }
}
