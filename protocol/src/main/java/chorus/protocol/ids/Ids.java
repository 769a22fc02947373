package chorus.protocol.ids;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Mattermost-shaped identifiers: 26 characters of the base32 alphabet Mattermost uses, so
 * clients that check an id's shape accept ours. 26 base32 characters carry 130 bits; all
 * 128 random bits of a draw are kept, which makes the same generator good enough for
 * session tokens and CSRF tokens.
 */
public final class Ids {
  public static final int LENGTH = 26;
  private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();

  /**
   * A secure generator per thread: one shared generator serialises every caller on its lock
   * (JFR showed post creation waiting on it), and the platform's default (NativePRNG) shares
   * one lock among all its instances, so each thread gets a DRBG of its own.
   */
  private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(Ids::newGenerator);

  public String next() {
    byte[] bytes = new byte[16];
    random.get().nextBytes(bytes);
    return encode(bytes);
  }

  private static SecureRandom newGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /**
   * An id for something that must be unique but need not be unguessable (a published event):
   * 128 bits from a thread-local generator, without the secure generator's cost on hot paths.
   */
  public static String unique() {
    byte[] bytes = new byte[16];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
    return encode(bytes);
  }

  /** True for a well-formed id: 26 lower-case letters or digits, as Mattermost's IsValidId. */
  public static boolean isValid(String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder(LENGTH);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
