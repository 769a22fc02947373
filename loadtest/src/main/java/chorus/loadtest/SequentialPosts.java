package chorus.loadtest;

import chorus.loadtest.sim.NewPost;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * A first, simple measurement until the full load generator exists: signs up a user, creates a
 * team and channel, then times N sequential createPost calls against a running node. As a
 * baseline from the same run it first times N sequential plain pings (an HTTP round trip that
 * touches neither the session nor the database), and prints both and their ratio.
 * Usage: {@code SequentialPosts <baseUrl> [count]}.
 */
public final class SequentialPosts {
  private final SimpleApi api;

  private SequentialPosts(String base) {
    this.api = new SimpleApi(base);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SequentialPosts <baseUrl> [count]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    new SequentialPosts(args[0]).run(count);
  }

  private void run(int count) throws Exception {
    String channelId = api.createChannel(api.signUpWithTeam(), "");

    long pingMs = timed("GET /system/ping (baseline)", count, i -> {
      HttpResponse<String> ping = api.ping();
      if (ping.statusCode() != 200) {
        throw new IllegalStateException("ping -> " + ping.statusCode());
      }
    });
    long postMs = timed("POST /posts", count,
        i -> api.call("POST", "/posts", NewPost.body(api.userId(), channelId, "message " + i, i), 201));
    System.out.printf("createPost / ping time ratio: %.1f%n", (double) postMs / Math.max(1, pingMs));
  }

  private interface Step {
    void run(int i) throws Exception;
  }

  private static long timed(String label, int count, Step step) throws Exception {
    long[] micros = new long[count];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      step.run(i);
      micros[i] = (System.nanoTime() - t0) / 1000;
    }
    long totalMs = (System.nanoTime() - start) / 1_000_000;
    Arrays.sort(micros);
    System.out.printf("%-28s %d sequential calls: %6d ms total, %6.0f/s, p50 %6.2f ms, p99 %6.2f ms, max %6.2f ms%n",
        label, count, totalMs, count * 1000.0 / Math.max(1, totalMs), micros[count / 2] / 1000.0,
        micros[Math.min(count - 1, (int) (count * 0.99))] / 1000.0, micros[count - 1] / 1000.0);
    return totalMs;
  }
}
