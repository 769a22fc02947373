package chorus.node.testkit;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.connectors.s3.AccessStyle;
import org.apache.pekko.stream.connectors.s3.ListBucketResultContents;
import org.apache.pekko.stream.connectors.s3.S3Attributes;
import org.apache.pekko.stream.connectors.s3.S3Settings;
import org.apache.pekko.stream.connectors.s3.javadsl.S3;
import org.apache.pekko.stream.javadsl.Sink;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A real S3 protocol server (s3proxy, file-system backed) in this JVM on a free loopback port,
 * plus a plain S3 client on it for making buckets and looking at what the nodes stored.
 */
public final class S3Server implements AutoCloseable {
  private static final String ACCESS_KEY = "chorus-access";
  private static final String SECRET_KEY = "chorus-secret";

  private final S3ProxyJunitCore proxy;
  private final ActorSystem<Void> client;
  private final Attributes settings;

  private S3Server(S3ProxyJunitCore proxy, ActorSystem<Void> client, Attributes settings) {
    this.proxy = proxy;
    this.client = client;
    this.settings = settings;
  }

  public static S3Server start(String... buckets) throws Exception {
    S3ProxyJunitCore proxy = new S3ProxyJunitCore.Builder().withCredentials(ACCESS_KEY, SECRET_KEY).build();
    proxy.beforeEach();
    ActorSystem<Void> client = ActorSystem.create(Behaviors.empty(), "s3-test-client",
        ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
    Attributes settings = S3Attributes.settings(S3Settings.create(client)
        .withEndpointUrl(proxy.getUri().toString())
        .withAccessStyle(AccessStyle.pathAccessStyle())
        .withS3RegionProvider(() -> Region.US_EAST_1)
        .withCredentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))));
    S3Server server = new S3Server(proxy, client, settings);
    for (String bucket : buckets) {
      S3.makeBucket(bucket, client, settings).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    return server;
  }

  /** The MM_* settings that point a node at {@code bucket} here, as an operator would write them. */
  public Map<String, String> nodeSettings(String bucket) {
    URI uri = proxy.getUri();
    return Map.of(
        "MM_FILESETTINGS_DRIVERNAME", "amazons3",
        "MM_FILESETTINGS_AMAZONS3BUCKET", bucket,
        "MM_FILESETTINGS_AMAZONS3ENDPOINT", uri.getHost() + ":" + uri.getPort(),
        "MM_FILESETTINGS_AMAZONS3ACCESSKEYID", ACCESS_KEY,
        "MM_FILESETTINGS_AMAZONS3SECRETACCESSKEY", SECRET_KEY,
        "MM_FILESETTINGS_AMAZONS3SSL", "false");
  }

  /** Keys of the objects in {@code bucket} (all of them, or those under a prefix). */
  public List<String> keys(String bucket, String prefix) throws Exception {
    return S3.listBucket(bucket, prefix.isEmpty() ? Optional.empty() : Optional.of(prefix)).withAttributes(settings)
        .map(ListBucketResultContents::getKey)
        .runWith(Sink.seq(), client).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    client.terminate();
    proxy.afterEach();
  }
}
