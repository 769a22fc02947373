package chorus.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {
  private record Received(int opcode, String text) {}

  @Test
  void aClientFrameIsMaskedAndCarriesItsLengthInEachOfTheThreeForms() {
    for (int length : new int[] {5, 125, 126, 200, 65_535, 70_000}) {
      byte[] payload = text(length).getBytes(StandardCharsets.UTF_8);
      ByteBuffer frame = WebSocketFrames.clientFrame(WebSocketFrames.TEXT, payload);
      assertThat(frame.get(0) & 0xFF).isEqualTo(0x81);
      assertThat(frame.get(1) & 0x80).as("mask bit").isEqualTo(0x80);
      int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
      long declared = length < 126 ? frame.get(1) & 0x7F : length <= 0xFFFF ? frame.getShort(2) & 0xFFFF : frame.getLong(2);
      assertThat(declared).isEqualTo(length);
      assertThat(frame.remaining()).isEqualTo(header + 4 + length);
      byte[] unmasked = new byte[length];
      for (int i = 0; i < length; i++) {
        unmasked[i] = (byte) (frame.get(header + 4 + i) ^ frame.get(header + (i & 3)));
      }
      assertThat(unmasked).isEqualTo(payload);
    }
  }

  @Test
  void serverFramesSplitAtAnyByteComeOutWholeAndInOrder() throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<Received> sent = List.of(new Received(WebSocketFrames.TEXT, "{\"event\":\"hello\"}"),
        new Received(WebSocketFrames.TEXT, text(300)), new Received(WebSocketFrames.PING, "p"),
        new Received(WebSocketFrames.TEXT, text(70_000)), new Received(WebSocketFrames.TEXT, ""));
    for (Received r : sent) {
      stream.write(serverFrame(true, r.opcode(), r.text().getBytes(StandardCharsets.UTF_8)));
    }
    byte[] all = stream.toByteArray();

    for (int cut : new int[] {1, 2, 3, 7, 20, 130, 333, 4_096, 70_010, all.length - 1}) {
      WebSocketFrames frames = new WebSocketFrames();
      List<Received> got = new ArrayList<>();
      frames.read(ByteBuffer.wrap(Arrays.copyOfRange(all, 0, cut)), collect(got));
      frames.read(ByteBuffer.wrap(Arrays.copyOfRange(all, cut, all.length)), collect(got));
      assertThat(got).as("cut at %d", cut).isEqualTo(sent);
    }
    WebSocketFrames byteByByte = new WebSocketFrames();
    List<Received> got = new ArrayList<>();
    for (byte b : all) {
      byteByByte.read(ByteBuffer.wrap(new byte[] {b}), collect(got));
    }
    assertThat(got).isEqualTo(sent);
  }

  @Test
  void aFragmentedMessageIsJoinedAndAControlFrameBetweenItsFragmentsComesFirst() throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.write(serverFrame(false, WebSocketFrames.TEXT, "{\"a\":".getBytes(StandardCharsets.UTF_8)));
    stream.write(serverFrame(true, WebSocketFrames.PING, new byte[0]));
    stream.write(serverFrame(false, WebSocketFrames.CONTINUATION, "1".getBytes(StandardCharsets.UTF_8)));
    stream.write(serverFrame(true, WebSocketFrames.CONTINUATION, "}".getBytes(StandardCharsets.UTF_8)));
    List<Received> got = new ArrayList<>();
    new WebSocketFrames().read(ByteBuffer.wrap(stream.toByteArray()), collect(got));
    assertThat(got).containsExactly(new Received(WebSocketFrames.PING, ""), new Received(WebSocketFrames.TEXT, "{\"a\":1}"));
  }

  @Test
  void aServerThatMasksOrContinuesNothingBreaksTheProtocol() {
    byte[] masked = {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'};
    assertThatThrownBy(() -> new WebSocketFrames().read(ByteBuffer.wrap(masked), (o, d, off, len) -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("masked");
    byte[] orphan = serverFrame(true, WebSocketFrames.CONTINUATION, new byte[] {'x'});
    assertThatThrownBy(() -> new WebSocketFrames().read(ByteBuffer.wrap(orphan), (o, d, off, len) -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("continuation");
  }

  @Test
  void theUpgradeIsAcceptedOnlyWithTheServersProofOfOurKey() {
    // The example of RFC 6455 section 1.3.
    assertThat(UpgradeHandshake.expectedAccept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

    UpgradeHandshake handshake = new UpgradeHandshake();
    String request = new String(handshake.request("127.0.0.1:8065", "/api/v4/websocket", "tok"), StandardCharsets.US_ASCII);
    assertThat(request).startsWith("GET /api/v4/websocket HTTP/1.1\r\n").contains("Authorization: Bearer tok\r\n").endsWith("\r\n\r\n");
    String key = request.lines().filter(l -> l.startsWith("Sec-WebSocket-Key: ")).findFirst().orElseThrow().substring(19);

    assertThat(handshake.answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nsec-websocket-accept: "
        + UpgradeHandshake.expectedAccept(key)).upgraded()).isTrue();
    assertThat(handshake.answer("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: "
        + UpgradeHandshake.expectedAccept("c29tZW9uZSBlbHNlJ3Mga2V5")).upgraded()).isFalse();
    UpgradeHandshake.Answer refused = handshake.answer("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json");
    assertThat(refused.upgraded()).isFalse();
    assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");

    byte[] response = "HTTP/1.1 101 OK\r\nA: b\r\n\r\n\u0081\u0000".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(UpgradeHandshake.headersEnd(response, response.length)).isEqualTo(response.length - 2);
    assertThat(UpgradeHandshake.headersEnd(response, response.length - 3)).isEqualTo(-1);
  }

  private static WebSocketFrames.Sink collect(List<Received> into) {
    return (opcode, data, offset, length) -> into.add(new Received(opcode, new String(data, offset, length, StandardCharsets.UTF_8)));
  }

  private static byte[] serverFrame(boolean fin, int opcode, byte[] payload) {
    int length = payload.length;
    ByteBuffer frame = ByteBuffer.allocate(10 + length);
    frame.put((byte) ((fin ? 0x80 : 0) | opcode));
    if (length < 126) {
      frame.put((byte) length);
    } else if (length <= 0xFFFF) {
      frame.put((byte) 126).putShort((short) length);
    } else {
      frame.put((byte) 127).putLong(length);
    }
    frame.put(payload).flip();
    return Arrays.copyOf(frame.array(), frame.limit());
  }

  private static String text(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + i % 26));
    }
    return s.toString();
  }
}
