package chorus.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;

/**
 * Mattermost API v4 calls against one base URL, asynchronous, over pooled keep-alive
 * connections spread across the {@link SourceAddresses}. Every call is bounded: an answer that
 * has not arrived after {@link #TIMEOUT_SECONDS} completes as status 0.
 */
public final class RestClient {
  public static final long TIMEOUT_SECONDS = 30;
  private final ClientRuntime runtime;
  private final URI baseUrl;
  private final String api;
  private final List<ConnectionPoolSettings> pools;
  private final AtomicInteger nextPool = new AtomicInteger();

  public RestClient(ClientRuntime runtime, URI baseUrl) {
    Targets.requireLoopback(baseUrl);
    this.runtime = runtime;
    this.baseUrl = baseUrl;
    this.api = baseUrl.toString().replaceAll("/+$", "") + "/api/v4";
    ConnectionPoolSettings defaults = ConnectionPoolSettings.create(runtime.system());
    ClientConnectionSettings connection = ClientConnectionSettings.create(runtime.system());
    this.pools = runtime.sourceAddresses().all().stream()
        .map(a -> defaults.withConnectionSettings(connection.withLocalAddress(Optional.of(new InetSocketAddress(a, 0)))))
        .toList();
  }

  public URI baseUrl() {
    return baseUrl;
  }

  public CompletionStage<RestReply> get(String path, String token) {
    return call("GET", path, token, null);
  }

  public CompletionStage<RestReply> post(String path, String token, Object body) {
    return call("POST", path, token, body);
  }

  /** Sends one request; {@code body} is serialised as JSON when not null. */
  public CompletionStage<RestReply> call(String method, String path, String token, Object body) {
    HttpRequest request = HttpRequest.create(api + path).withMethod(HttpMethods.lookup(method).orElseThrow());
    if (body != null) {
      byte[] bytes;
      try {
        bytes = runtime.json().writeValueAsBytes(body);
      } catch (Exception e) {
        throw new IllegalArgumentException("cannot serialise request body", e);
      }
      request = request.withEntity(ContentTypes.APPLICATION_JSON, bytes);
    }
    if (token != null) {
      request = request.addHeader(RawHeader.create("Authorization", "Bearer " + token));
    }
    ConnectionPoolSettings pool = pools.get(Math.floorMod(nextPool.getAndIncrement(), pools.size()));
    long start = System.nanoTime();
    return runtime.http()
        // The https context is required by the signature only: targets are plain http on loopback.
        .singleRequest(request, runtime.http().defaultClientHttpsContext(), pool, runtime.system().log())
        .thenCompose(response -> read(response, start))
        .toCompletableFuture()
        .completeOnTimeout(null, TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .exceptionally(failure -> null)
        .thenApply(reply -> reply != null ? reply : new RestReply(0, "", null, (System.nanoTime() - start) / 1000));
  }

  private CompletionStage<RestReply> read(HttpResponse response, long start) {
    String token = response.getHeader("Token").map(h -> h.value()).orElse(null);
    int status = response.status().intValue();
    return response.entity()
        .toStrict(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS), runtime.materializer())
        .thenApply(strict -> new RestReply(status, strict.getData().utf8String(), token, (System.nanoTime() - start) / 1000));
  }

  /** Completes with the reply when it has the expected status, else fails with a readable message. */
  public static CompletionStage<RestReply> expect(CompletionStage<RestReply> reply, int status, String what) {
    return reply.thenCompose(r -> r.is(status)
        ? CompletableFuture.completedFuture(r)
        : CompletableFuture.failedFuture(new IllegalStateException(what + " -> " + r.status() + ": " + r.body())));
  }
}
