package chorus.loadtest.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The HTTP/1.1 upgrade that opens a WebSocket (RFC 6455 section 4), from the client's side. */
final class UpgradeHandshake {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

  /** The server's answer: its status line, and whether it accepted our key. */
  record Answer(String statusLine, boolean upgraded) {}

  private final String key;

  UpgradeHandshake() {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    this.key = Base64.getEncoder().encodeToString(nonce);
  }

  /** The GET that asks for the upgrade, authenticated as the node's clients are, with the bearer token. */
  byte[] request(String hostAndPort, String path, String token) {
    return ("GET " + path + " HTTP/1.1\r\n"
        + "Host: " + hostAndPort + "\r\n"
        + "Upgrade: websocket\r\n"
        + "Connection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Authorization: Bearer " + token + "\r\n"
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Where the response's headers end (the index after the blank line) in {@code bytes[0, length)}, or -1. */
  static int headersEnd(byte[] bytes, int length) {
    outer:
    for (int i = 0; i + HEADERS_END.length <= length; i++) {
      for (int j = 0; j < HEADERS_END.length; j++) {
        if (bytes[i + j] != HEADERS_END[j]) {
          continue outer;
        }
      }
      return i + HEADERS_END.length;
    }
    return -1;
  }

  /** Reads the response head (status line and headers, without the blank line's end). */
  Answer answer(String head) {
    String[] lines = head.split("\r\n");
    String status = lines[0];
    Optional<String> accept = Optional.empty();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
        accept = Optional.of(lines[i].substring(colon + 1).trim());
      }
    }
    boolean switched = status.startsWith("HTTP/1.1 101");
    return new Answer(status, switched && accept.filter(expectedAccept(key)::equals).isPresent());
  }

  /** What a server that read {@code key} answers in Sec-WebSocket-Accept. */
  static String expectedAccept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
