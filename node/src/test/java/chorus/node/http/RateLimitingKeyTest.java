package chorus.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.protocol.config.RateLimitSettings;
import io.github.bucket4j.TimeMeter;
import java.net.InetAddress;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

/** Which requests share a bucket: Mattermost's GenerateKey rules, without a server. */
class RateLimitingKeyTest {

  private static String key(boolean byAddr, boolean byUser, String header, HttpRequest request) {
    return RateLimiting.from(new RateLimitSettings(true, 10, 100, 10, byAddr, byUser, header), TimeMeter.SYSTEM_NANOTIME).key(request);
  }

  private static HttpRequest from(String address) throws Exception {
    return HttpRequest.create("/api/v4/users/me")
        .addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(InetAddress.getByName(address)));
  }

  private static HttpRequest withToken(HttpRequest request, String token) {
    return request.addHeader(RawHeader.create("Authorization", "Bearer " + token));
  }

  @Test
  void byRemoteAddressTheTcpPeerCountsNotXForwardedFor() throws Exception {
    HttpRequest a = from("10.0.0.1");
    HttpRequest spoofed = from("10.0.0.1").addHeader(RawHeader.create("X-Forwarded-For", "192.0.2.7"));

    assertThat(key(true, false, "", a)).isEqualTo(key(true, false, "", spoofed));
    assertThat(key(true, false, "", a)).isNotEqualTo(key(true, false, "", from("10.0.0.2")));
  }

  @Test
  void byUserTheTokenCountsAndWithoutOneTheAddress() throws Exception {
    assertThat(key(true, true, "", withToken(from("10.0.0.1"), "tokenA")))
        .as("one token from two addresses").isEqualTo(key(true, true, "", withToken(from("10.0.0.2"), "tokenA")));
    assertThat(key(true, true, "", withToken(from("10.0.0.1"), "tokenA")))
        .isNotEqualTo(key(true, true, "", withToken(from("10.0.0.1"), "tokenB")));
    assertThat(key(true, true, "", from("10.0.0.1")))
        .as("no token: by address").isNotEqualTo(key(true, true, "", from("10.0.0.2")));
    assertThat(key(false, true, "", from("10.0.0.1")))
        .as("no token and not by address: one shared key").isEqualTo(key(false, true, "", from("10.0.0.2")));
  }

  @Test
  void theNamedHeaderIsAddedLowerCased() throws Exception {
    HttpRequest upper = from("10.0.0.1").addHeader(RawHeader.create("X-Real-IP", "ABC"));
    HttpRequest lower = from("10.0.0.1").addHeader(RawHeader.create("X-Real-IP", "abc"));
    HttpRequest other = from("10.0.0.1").addHeader(RawHeader.create("X-Real-IP", "def"));

    assertThat(key(false, false, "X-Real-IP", upper)).isEqualTo(key(false, false, "X-Real-IP", lower));
    assertThat(key(false, false, "X-Real-IP", upper)).isNotEqualTo(key(false, false, "X-Real-IP", other));
  }
}
