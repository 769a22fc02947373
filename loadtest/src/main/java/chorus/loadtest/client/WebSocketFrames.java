package chorus.loadtest.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 6455 framing for the client side of one socket: frames to send (masked, as a client must)
 * and the server's frames read back into whole messages.
 *
 * <p>Reading works on the bytes of each socket read without copying them when a read holds whole
 * frames, which under fan-out it nearly always does; only a frame split across reads is carried
 * over. A message is handed on as a slice of a buffer that is reused after the call returns, so
 * the {@link Sink} must consume it there.
 */
final class WebSocketFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  /** Larger than any frame the node sends; a bigger one means the stream is not what we think. */
  static final int MAX_MESSAGE = 16 * 1024 * 1024;

  /** Whole messages and control frames, in the order they arrived. */
  interface Sink {
    void message(int opcode, byte[] data, int offset, int length) throws IOException;
  }

  private byte[] carry = new byte[0];
  private int carried;
  private byte[] fragments;
  private int fragmentsLength;
  private int fragmentsOpcode;

  /** A masked frame carrying {@code payload} whole (FIN set). */
  static ByteBuffer clientFrame(int opcode, byte[] payload) {
    int length = payload.length;
    int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
    ByteBuffer frame = ByteBuffer.allocate(2 + lengthBytes + 4 + length);
    frame.put((byte) (0x80 | opcode));
    if (lengthBytes == 0) {
      frame.put((byte) (0x80 | length));
    } else if (lengthBytes == 2) {
      frame.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      frame.put((byte) (0x80 | 127)).putLong(length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.put(mask);
    for (int i = 0; i < length; i++) {
      frame.put((byte) (payload[i] ^ mask[i & 3]));
    }
    return frame.flip();
  }

  /** A close frame with {@code code} and no reason. */
  static ByteBuffer closeFrame(int code) {
    return clientFrame(CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
  }

  /**
   * Reads the frames in {@code in} (a heap buffer, position to limit), handing each complete
   * message or control frame to {@code sink}; a partial frame at the end waits for the next read.
   *
   * @throws IOException when the server breaks the protocol (a masked or oversized frame, a
   *     continuation without a start)
   */
  void read(ByteBuffer in, Sink sink) throws IOException {
    byte[] src;
    int pos;
    int end;
    if (carried > 0) {
      append(in);
      src = carry;
      pos = 0;
      end = carried;
    } else {
      src = in.array();
      pos = in.arrayOffset() + in.position();
      end = in.arrayOffset() + in.limit();
    }
    while (end - pos >= 2) {
      int b0 = src[pos] & 0xFF;
      int b1 = src[pos + 1] & 0xFF;
      if ((b1 & 0x80) != 0) {
        throw new IOException("the server sent a masked frame");
      }
      long length = b1 & 0x7F;
      int header = 2;
      if (length == 126) {
        if (end - pos < 4) {
          break;
        }
        length = ((src[pos + 2] & 0xFF) << 8) | (src[pos + 3] & 0xFF);
        header = 4;
      } else if (length == 127) {
        if (end - pos < 10) {
          break;
        }
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | (src[pos + 2 + i] & 0xFF);
        }
        header = 10;
      }
      if (length > MAX_MESSAGE) {
        throw new IOException("frame of " + length + " bytes");
      }
      if (end - pos < header + length) {
        break;
      }
      frame((b0 & 0x80) != 0, b0 & 0x0F, src, pos + header, (int) length, sink);
      pos += header + (int) length;
    }
    keep(src, pos, end);
  }

  private void frame(boolean fin, int opcode, byte[] src, int offset, int length, Sink sink) throws IOException {
    if (opcode >= CLOSE) {
      sink.message(opcode, src, offset, length);
      return;
    }
    if (opcode == CONTINUATION) {
      if (fragments == null) {
        throw new IOException("a continuation frame without a first fragment");
      }
      appendFragment(src, offset, length);
      if (fin) {
        byte[] whole = fragments;
        fragments = null;
        sink.message(fragmentsOpcode, whole, 0, fragmentsLength);
      }
      return;
    }
    if (fin) {
      sink.message(opcode, src, offset, length);
      return;
    }
    fragments = new byte[Math.max(length, 1024)];
    fragmentsLength = 0;
    fragmentsOpcode = opcode;
    appendFragment(src, offset, length);
  }

  private void appendFragment(byte[] src, int offset, int length) throws IOException {
    if ((long) fragmentsLength + length > MAX_MESSAGE) {
      throw new IOException("message over " + MAX_MESSAGE + " bytes");
    }
    if (fragmentsLength + length > fragments.length) {
      fragments = Arrays.copyOf(fragments, Math.max(fragments.length * 2, fragmentsLength + length));
    }
    System.arraycopy(src, offset, fragments, fragmentsLength, length);
    fragmentsLength += length;
  }

  private void append(ByteBuffer in) {
    int more = in.remaining();
    if (carried + more > carry.length) {
      carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carried + more));
    }
    in.get(carry, carried, more);
    carried += more;
  }

  private void keep(byte[] src, int pos, int end) {
    int rest = end - pos;
    if (src == carry) {
      System.arraycopy(carry, pos, carry, 0, rest);
    } else if (rest > 0) {
      if (rest > carry.length) {
        carry = new byte[Math.max(rest, 4096)];
      }
      System.arraycopy(src, pos, carry, 0, rest);
    }
    carried = rest;
    if (rest == 0 && carry.length > 64 * 1024) {
      // A one-off large frame need not keep its buffer for the socket's life.
      carry = new byte[0];
    }
  }
}
