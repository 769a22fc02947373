package chorus.node.http;

import chorus.protocol.config.RateLimitSettings;
import io.github.bucket4j.TimeMeter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code RateLimitSettings} as a directive around the whole HTTP surface, keyed as Mattermost's
 * {@code RateLimiter.GenerateKey} keys it: with {@code VaryByUser} the session token (falling back
 * to the remote address when there is none and {@code VaryByRemoteAddr} is on), else with
 * {@code VaryByRemoteAddr} the remote address; then the lower-cased value of the
 * {@code VaryByHeader} header, if one is named. With none of them every request shares one key.
 *
 * <p>The remote address is the TCP peer (Pekko's {@code remote-address-attribute}), never a
 * client-supplied {@code X-Forwarded-For}, which anyone could vary to dodge the limit. Behind a
 * proxy, name the proxy's header (e.g. {@code X-Real-IP}) in {@code VaryByHeader}.
 *
 * <p>{@code GET /api/v4/system/ping} is never limited: proxies' and load balancers' health checks
 * come from a few addresses at a steady rate, and a 429 there would take a healthy node out of
 * rotation.
 */
public final class RateLimiting extends AllDirectives {
  static final String PING = "/api/v4/system/ping";

  /** The settings in force and the buckets built for them (none when rate limiting is off). */
  private record State(RateLimitSettings settings, Optional<RateLimits> limits) {}

  private final TimeMeter time;
  private volatile State state;

  private RateLimiting(RateLimitSettings settings, TimeMeter time) {
    this.time = time;
    this.state = build(settings, time);
  }

  private static State build(RateLimitSettings settings, TimeMeter time) {
    return new State(settings, settings.enable() ? Optional.of(new RateLimits(settings, time)) : Optional.empty());
  }

  public static RateLimiting from(RateLimitSettings settings, TimeMeter time) {
    return new RateLimiting(settings, time);
  }

  /**
   * Applies changed settings (a reload or a save): new buckets, so every key starts again with a
   * full burst. Unlike Mattermost, which needs a restart, the change is at once; a burst more per
   * key after an admin's change is the price.
   */
  public void configChanged(RateLimitSettings next) {
    if (!next.equals(state.settings())) {
      state = build(next, time);
    }
  }

  /**
   * Runs {@code inner} with {@code true} when the request is over its key's limit (it should then
   * fail with {@link #exceeded()} where errors are rendered) and adds the {@code X-RateLimit-*}
   * headers to whatever response comes out, error or not.
   */
  public Route around(Function<Boolean, Route> inner) {
    return extractRequest(request -> {
      State current = state;
      if (current.limits().isEmpty() || request.getUri().path().equals(PING)) {
        return inner.apply(false);
      }
      RateLimits.Decision decision = current.limits().get().take(key(current.settings(), request));
      return mapResponse(response -> response.addHeaders(headers(decision)), () -> inner.apply(!decision.allowed()));
    });
  }

  /** Mattermost answers 429 in plain text ("limit exceeded"), with no error id; this one is Chorus's. */
  public static ApiException exceeded() {
    return new ApiException(429, "api.context.rate_limit_exceeded.app_error", "Too many requests: the rate limit was exceeded.");
  }

  String key(HttpRequest request) {
    return key(state.settings(), request);
  }

  private static String key(RateLimitSettings settings, HttpRequest request) {
    StringBuilder key = new StringBuilder();
    Optional<SessionToken> token = settings.varyByUser() ? SessionToken.find(request) : Optional.empty();
    if (token.isPresent()) {
      key.append("token:").append(token.get().token());
    } else if (settings.varyByRemoteAddr()) {
      key.append("addr:").append(remoteAddress(request));
    }
    if (!settings.varyByHeader().isEmpty()) {
      key.append("|header:").append(request.getHeader(settings.varyByHeader())
          .map(h -> h.value().toLowerCase(Locale.ROOT)).orElse(""));
    }
    return key.toString();
  }

  private static String remoteAddress(HttpRequest request) {
    return request.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress)
        .map(java.net.InetAddress::getHostAddress)
        .orElse("unknown");
  }

  /** As throttled writes them for Mattermost: seconds rounded up; Retry-After only when refused. */
  static List<HttpHeader> headers(RateLimits.Decision decision) {
    List<HttpHeader> headers = new ArrayList<>(List.of(
        RawHeader.create("X-RateLimit-Limit", Long.toString(decision.limit())),
        RawHeader.create("X-RateLimit-Remaining", Long.toString(decision.remaining())),
        RawHeader.create("X-RateLimit-Reset", Long.toString(decision.resetSeconds()))));
    if (!decision.allowed()) {
      headers.add(RawHeader.create("Retry-After", Long.toString(decision.retryAfterSeconds())));
    }
    return headers;
  }
}
