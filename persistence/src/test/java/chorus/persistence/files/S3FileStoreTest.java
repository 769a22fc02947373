package chorus.persistence.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.protocol.config.FileSettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.stream.connectors.s3.S3Attributes;
import org.apache.pekko.stream.connectors.s3.S3Settings;
import org.apache.pekko.stream.connectors.s3.AccessStyle;
import org.apache.pekko.stream.connectors.s3.javadsl.S3;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class S3FileStoreTest extends FileStoreContract {
  private static final String BUCKET = "chorus-files";
  private static final String PREFIX = "tenant-a";
  private S3ProxyServer server;
  private S3FileStore store;
  /** A plain S3 client for looking behind the store's back. */
  private Attributes inspector;

  @BeforeAll
  void startServer() throws Exception {
    server = S3ProxyServer.start();
    inspector = S3Attributes.settings(S3Settings.create(system)
        .withEndpointUrl(server.uri().toString())
        .withAccessStyle(AccessStyle.pathAccessStyle())
        .withS3RegionProvider(() -> Region.US_EAST_1)
        .withCredentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))));
    await(S3.makeBucket(BUCKET, system, inspector));
    store = S3FileStore.create(server.settings(BUCKET, "/" + PREFIX + "/"), system);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Override
  FileStore store() {
    return store;
  }

  @Override
  boolean nothingUnder(String key) throws Exception {
    String objectKey = PREFIX + "/" + key;
    List<?> objects = await(S3.listBucket(BUCKET, Optional.of(objectKey)).withAttributes(inspector).runWith(Sink.seq(), system));
    List<?> pending = await(S3.listMultipartUpload(BUCKET, Optional.of(objectKey)).withAttributes(inspector).runWith(Sink.seq(), system));
    return objects.isEmpty() && pending.isEmpty();
  }

  @Test
  void objectsLiveUnderThePathPrefix() throws Exception {
    String key = key("prefixed.txt");
    await(store.write(key, Source.single(ByteString.fromString("x")), "text/plain"));

    List<?> objects = await(S3.listBucket(BUCKET, Optional.of(PREFIX + "/" + key)).withAttributes(inspector).runWith(Sink.seq(), system));
    assertThat(objects).hasSize(1);
  }

  @Test
  void anUnreachableServerFailsQuicklyWithAStoreError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    FileSettings settings = server.settings(BUCKET, "");
    FileSettings unreachable = new FileSettings(settings.driverName(), "", settings.maxFileSize(), true, BUCKET, "127.0.0.1:" + closedPort,
        settings.amazonS3AccessKeyId(), settings.amazonS3SecretAccessKey(), settings.amazonS3Region(), false, "");
    S3FileStore down = S3FileStore.create(unreachable, system);

    long started = System.nanoTime();
    assertThatThrownBy(() -> await(down.write(key("lost.txt"), Source.single(ByteString.fromString("x")), "text/plain")))
        .hasCauseInstanceOf(FileStoreException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(await(new FileStoreProbe(down, system, Duration.ofSeconds(10)).healthy())).isFalse();
  }
}
