package chorus.loadtest.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The node base URLs a run spreads its clients across (one node, or every node of a cluster,
 * or one proxy). Every target must resolve to a loopback address: the generator is a local
 * benchmark and refuses to send load anywhere else.
 */
public record Targets(List<URI> baseUrls) {

  public Targets {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one base URL is needed");
    }
    for (URI url : baseUrls) {
      requireLoopback(url);
    }
    baseUrls = List.copyOf(baseUrls);
  }

  public static Targets of(List<String> urls) {
    return new Targets(urls.stream().map(u -> URI.create(u.replaceAll("/+$", ""))).toList());
  }

  /** The base URL client {@code index} uses: clients are spread evenly over the targets. */
  public URI forClient(int index) {
    return baseUrls.get(Math.floorMod(index, baseUrls.size()));
  }

  static void requireLoopback(URI url) {
    if (!"http".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("expected an http:// base URL, got " + url);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException("refusing to load " + url + ": only loopback targets are allowed");
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve " + url.getHost(), e);
    }
  }
}
