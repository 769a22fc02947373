package chorus.persistence.files;

import chorus.protocol.config.FileSettings;
import java.net.URI;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

/** A real S3 protocol server (s3proxy, file-system backed) in this JVM on a free loopback port. */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "chorus-access";
  static final String SECRET_KEY = "chorus-secret";

  private final S3ProxyJunitCore proxy;

  private S3ProxyServer(S3ProxyJunitCore proxy) {
    this.proxy = proxy;
  }

  static S3ProxyServer start() throws Exception {
    S3ProxyJunitCore proxy = new S3ProxyJunitCore.Builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
    proxy.beforeEach();
    return new S3ProxyServer(proxy);
  }

  URI uri() {
    return proxy.getUri();
  }

  /** FileSettings for a bucket on this server, addressed as an operator would configure it. */
  FileSettings settings(String bucket, String pathPrefix) {
    return new FileSettings(FileSettings.AMAZON_S3, "", 104_857_600L, true, bucket, uri().getHost() + ":" + uri().getPort(),
        ACCESS_KEY, SECRET_KEY, "us-east-1", false, pathPrefix);
  }

  @Override
  public void close() {
    proxy.afterEach();
  }
}
