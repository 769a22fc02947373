package chorus.persistence.files;

import chorus.protocol.config.FileSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.connectors.s3.AccessStyle;
import org.apache.pekko.stream.connectors.s3.MultipartUploadSettings;
import org.apache.pekko.stream.connectors.s3.RetrySettings;
import org.apache.pekko.stream.connectors.s3.S3Attributes;
import org.apache.pekko.stream.connectors.s3.S3Settings;
import org.apache.pekko.stream.connectors.s3.javadsl.S3;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Files in an S3 bucket through Pekko Connectors S3. Uploads are S3 multipart uploads fed by
 * the request stream: the connector buffers one 5 MiB part at a time (at most four in flight),
 * so memory stays flat whatever the file size, and an object becomes visible only when the
 * upload completes. A failed upload is aborted, so it leaves no object and, when S3 can still
 * be reached, no pending parts either. Downloads stream the object's body.
 *
 * <p>Retries are few and short: an unreachable S3 should fail a request within seconds (the
 * client retries), not hold it for a minute. That also needs the actor system's HTTP client pool
 * not to retry on its own ({@code pekko.http.host-connection-pool.max-retries = 0,
 * max-connection-backoff = 2s}, set in the node's application.conf).
 */
public final class S3FileStore implements FileStore {
  private static final Logger log = LoggerFactory.getLogger(S3FileStore.class);
  private static final Duration ABORT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ABORT_SECOND_LOOK = Duration.ofMillis(300);
  private static final RetrySettings RETRIES = RetrySettings.create(2, Duration.ofMillis(200), Duration.ofSeconds(2), 0.0);

  private final String bucket;
  private final String pathPrefix;
  private final Attributes attributes;
  private final ActorSystem<?> system;
  private final String description;

  private S3FileStore(String bucket, String pathPrefix, S3Settings settings, ActorSystem<?> system, String description) {
    this.bucket = bucket;
    this.pathPrefix = pathPrefix;
    this.attributes = S3Attributes.settings(settings);
    this.system = system;
    this.description = description;
  }

  /**
   * Mattermost's rules: Amazon's endpoint uses virtual-host addressing and the region's host;
   * any other endpoint (MinIO, Ceph, s3proxy) is addressed path-style at
   * {@code http[s]://<AmazonS3Endpoint>}. Without an access key the AWS default chain applies
   * (environment, profile, instance role).
   */
  public static S3FileStore create(FileSettings settings, ActorSystem<?> system) {
    String region = settings.amazonS3Region() == null || settings.amazonS3Region().isBlank() ? "us-east-1" : settings.amazonS3Region();
    AwsCredentialsProvider credentials = settings.amazonS3AccessKeyId() == null || settings.amazonS3AccessKeyId().isBlank()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.amazonS3AccessKeyId(), settings.amazonS3SecretAccessKey()));
    S3Settings s3 = S3Settings.create(system)
        .withS3RegionProvider(() -> Region.of(region))
        .withCredentialsProvider(credentials)
        .withRetrySettings(RETRIES)
        .withMultipartUploadSettings(MultipartUploadSettings.create(RETRIES));
    String where = "region " + region;
    if (settings.customS3Endpoint()) {
      String endpoint = (settings.amazonS3SSL() ? "https://" : "http://") + settings.amazonS3Endpoint().trim();
      s3 = s3.withEndpointUrl(endpoint).withAccessStyle(AccessStyle.pathAccessStyle());
      where = endpoint;
    }
    String prefix = trimSlashes(settings.amazonS3PathPrefix());
    return new S3FileStore(settings.amazonS3Bucket(), prefix, s3, system,
        "S3 bucket " + settings.amazonS3Bucket() + (prefix.isEmpty() ? "" : "/" + prefix) + " at " + where);
  }

  @Override
  public CompletionStage<Long> write(String key, Source<ByteString, ?> data, String contentType) {
    String objectKey = objectKey(key);
    AtomicLong bytes = new AtomicLong();
    return StreamFailures.tagged(data)
        .map(chunk -> {
          bytes.addAndGet(chunk.size());
          return chunk;
        })
        .runWith(S3.multipartUpload(bucket, objectKey, contentType(contentType)).withAttributes(attributes), system)
        .handle((result, failure) -> failure == null
            ? CompletableFuture.completedFuture(bytes.get())
            : abortPendingUploads(objectKey)
                // The connector may still be starting the upload when the data fails: its initiate
                // request lands after the first look, so look once more a moment later.
                .thenCompose(done -> CompletableFuture.supplyAsync(() -> objectKey,
                    CompletableFuture.delayedExecutor(ABORT_SECOND_LOOK.toMillis(), TimeUnit.MILLISECONDS)))
                .thenCompose(this::abortPendingUploads)
                .<Long>thenApply(done -> { throw classify("write " + key, failure); }))
        .thenCompose(stage -> stage);
  }

  @Override
  public Source<ByteString, ?> read(String key) {
    return S3.getObject(bucket, objectKey(key)).withAttributes(attributes)
        .mapError(new PFBuilder<Throwable, Throwable>().matchAny(failure -> storeFailure("read " + key, failure)).build());
  }

  @Override
  public CompletionStage<Done> delete(String key) {
    return S3.deleteObject(bucket, objectKey(key)).withAttributes(attributes)
        .runWith(Sink.ignore(), system)
        .exceptionally(failure -> { throw storeFailure("delete " + key, failure); });
  }

  @Override
  public String describe() {
    return description;
  }

  /** A failed multipart upload's parts cost storage until aborted; abort them (best effort). */
  private CompletionStage<Done> abortPendingUploads(String objectKey) {
    return S3.listMultipartUpload(bucket, Optional.of(objectKey)).withAttributes(attributes)
        .filter(upload -> upload.getKey().equals(objectKey))
        .mapAsync(1, upload -> S3.deleteUpload(bucket, objectKey, upload.getUploadId(), system, attributes))
        .runWith(Sink.ignore(), system)
        .toCompletableFuture()
        .completeOnTimeout(Done.getInstance(), ABORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(failure -> {
          log.debug("could not abort the pending upload of {}: {}", objectKey, failure.toString());
          return Done.getInstance();
        });
  }

  private String objectKey(String key) {
    FileKeys.requireSafe(key);
    return pathPrefix.isEmpty() ? key : pathPrefix + "/" + key;
  }

  private static ContentType contentType(String value) {
    try {
      return value == null || value.isBlank() ? ContentTypes.APPLICATION_OCTET_STREAM : ContentTypes.parse(value);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  private RuntimeException classify(String what, Throwable failure) {
    Throwable upstream = StreamFailures.upstreamCause(failure);
    if (upstream != null) {
      return upstream instanceof RuntimeException r ? r : new CompletionException(upstream);
    }
    return storeFailure(what, failure);
  }

  private FileStoreException storeFailure(String what, Throwable failure) {
    Throwable cause = LocalFileStore.unwrap(failure);
    if (cause instanceof FileStoreException e) {
      return e;
    }
    return new FileStoreException(description + ": " + what + " failed: " + cause, cause);
  }

  private static String trimSlashes(String value) {
    String v = value == null ? "" : value.trim();
    while (v.startsWith("/")) {
      v = v.substring(1);
    }
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v;
  }
}
