package chorus.node.api;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests no HTTP client will send (a broken
 * request line, an unknown method token). Reads until the server closes the connection, which
 * it does after refusing such a request; the socket timeout bounds the wait.
 */
record RawResponse(int status, Map<String, String> headers, String body, String text) {
  private static final int TIMEOUT_MS = 10_000;

  static RawResponse exchange(String baseUrl, String request) throws Exception {
    URI uri = URI.create(baseUrl);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      in.transferTo(received);
      return parse(received.toString(StandardCharsets.UTF_8));
    }
  }

  private static RawResponse parse(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new RawResponse(status, headers, text.substring(end + 4), text);
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
