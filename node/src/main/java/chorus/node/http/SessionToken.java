package chorus.node.http;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;

/**
 * Finds the session token in a request in Mattermost's order: the {@code MMAUTHTOKEN} cookie,
 * then {@code Authorization: Bearer <token>} (any case), then {@code Authorization: Token <token>}.
 */
public record SessionToken(String token, boolean fromCookie) {
  public static final String COOKIE = "MMAUTHTOKEN";

  public static Optional<SessionToken> find(HttpRequest request) {
    for (HttpCookiePair cookie : request.getHeader(org.apache.pekko.http.javadsl.model.headers.Cookie.class)
        .map(c -> (Iterable<HttpCookiePair>) c.getCookies()).orElse(java.util.List.of())) {
      if (COOKIE.equals(cookie.name()) && !cookie.value().isEmpty()) {
        return Optional.of(new SessionToken(cookie.value(), true));
      }
    }
    return request.getHeader("Authorization").flatMap(h -> fromAuthorization(h.value()));
  }

  static Optional<SessionToken> fromAuthorization(String value) {
    if (value.length() > 7 && value.substring(0, 6).equalsIgnoreCase("bearer") && value.charAt(6) == ' ') {
      return Optional.of(new SessionToken(value.substring(7).trim(), false));
    }
    if (value.length() > 6 && value.substring(0, 5).equalsIgnoreCase("token") && value.charAt(5) == ' ') {
      return Optional.of(new SessionToken(value.substring(6).trim(), false));
    }
    return Optional.empty();
  }
}
