package chorus.node.metrics;

import java.util.Set;

/**
 * Turns a request path into the handler label of the HTTP metrics. Only words the API's routes
 * use stay as they are; every other segment (ids, names, anything a client made up) becomes
 * {@code {id}}. A label value so names a route, not one of millions of channels, and a scanner
 * cannot create series at will. A path no route answered is one label, {@code unknown}.
 * A word a new route adds belongs in {@link #WORDS}; until then its segment reads {@code {id}}.
 */
public final class RouteTemplates {
  private static final Set<String> WORDS = Set.of("api", "v4", "me", "users", "teams", "channels", "posts", "files",
      "system", "ping", "config", "client", "license", "login", "logout", "ids", "status", "members", "view", "direct",
      "search", "patch", "info", "thumbnail", "preview", "cluster", "database", "recycle", "reload", "websocket",
      "password", "active", "roles", "invite", "regenerate_invite_id", "jobs", "type", "cancel", "download", "ldap", "sync",
      "preferences", "name", "delete", "limits", "server", "names", "unread", "thread", "threads", "read", "following",
      "categories", "order", "pin", "unpin", "pinned", "group", "restore", "reactions", "tokens", "revoke", "disable",
      "enable", "autocomplete", "search_autocomplete");
  private static final int MAX_SEGMENTS = 10;

  private RouteTemplates() {}

  public static String of(String path, int status) {
    if (status == 404 || status == 405) {
      return "unknown";
    }
    String[] segments = path.split("/");
    if (segments.length > MAX_SEGMENTS) {
      return "unknown";
    }
    StringBuilder template = new StringBuilder();
    for (String segment : segments) {
      if (!segment.isEmpty()) {
        template.append('/').append(WORDS.contains(segment) ? segment : "{id}");
      }
    }
    return template.length() == 0 ? "/" : template.toString();
  }
}
