package chorus.loadtest.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local addresses client sockets are bound to, handed out round-robin. Linux gives one
 * (source address, destination) pair about 28k ephemeral ports, so 100k sockets to one node
 * need several sources; every 127.0.0.x is a loopback address without any setup.
 */
public final class SourceAddresses {
  private final List<InetAddress> addresses;
  private final AtomicInteger next = new AtomicInteger();

  private SourceAddresses(List<InetAddress> addresses) {
    this.addresses = addresses;
  }

  /** 127.0.0.1 up to 127.0.0.{count}. */
  public static SourceAddresses loopback(int count) {
    if (count < 1 || count > 254) {
      throw new IllegalArgumentException("source address count must be 1..254, got " + count);
    }
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        addresses.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return new SourceAddresses(List.copyOf(addresses));
  }

  public InetAddress next() {
    return addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
  }

  public List<InetAddress> all() {
    return addresses;
  }
}
