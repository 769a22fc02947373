package chorus.node.cluster;

import chorus.protocol.config.ClusterSettings;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/**
 * The host name under which peers reach this node (cluster transport and Pekko Management)
 * and which cluster status shows, chosen as Mattermost does: {@code OverrideHostname}, else
 * the first non-loopback IPv4 address when {@code UseIpAddress}, else the machine's name.
 */
public record AdvertisedHost(String hostname, String ipAddress) {

  public static AdvertisedHost of(ClusterSettings settings) throws UnknownHostException, SocketException {
    String override = settings.overrideHostname() == null ? "" : settings.overrideHostname().trim();
    if (!override.isEmpty()) {
      return new AdvertisedHost(override, InetAddress.getByName(override).getHostAddress());
    }
    Optional<InetAddress> ip = firstNonLoopbackIpv4();
    if (settings.useIpAddress() && ip.isPresent()) {
      return new AdvertisedHost(ip.get().getHostAddress(), ip.get().getHostAddress());
    }
    InetAddress local = InetAddress.getLocalHost();
    return new AdvertisedHost(local.getHostName(), ip.map(InetAddress::getHostAddress).orElse(local.getHostAddress()));
  }

  private static Optional<InetAddress> firstNonLoopbackIpv4() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address.getAddress().length == 4 && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
