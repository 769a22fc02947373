package chorus.loadtest.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryCheckerTest {
  private final DeliveryChecker checker = new DeliveryChecker();

  @Test
  void everyPostOnceInOrderIsExact() {
    checker.subscribe("alice", "c1", 100);
    checker.subscribe("bob", "c1", 100);
    checker.expect("c1", "p1", 101);
    checker.expect("c1", "p2", 102);
    for (String client : List.of("alice", "bob")) {
      checker.received(client, "c1", "p1", 101);
      checker.received(client, "c1", "p2", 102);
    }

    assertThat(checker.report()).isEqualTo(new DeliveryReport(2, 4, 4, 0, 0, 0, 0));
    assertThat(checker.report().exact()).isTrue();
  }

  @Test
  void countsMissingDuplicatedAndOutOfOrderPerClient() {
    checker.subscribe("alice", "c1", 100);
    checker.subscribe("bob", "c1", 100);
    checker.expect("c1", "p1", 101);
    checker.expect("c1", "p2", 102);
    checker.expect("c1", "p3", 103);
    // alice: p2 before p1 (one out of order), p3 twice
    checker.received("alice", "c1", "p2", 102);
    checker.received("alice", "c1", "p1", 101);
    checker.received("alice", "c1", "p3", 103);
    checker.received("alice", "c1", "p3", 103);
    // bob: misses p2
    checker.received("bob", "c1", "p1", 101);
    checker.received("bob", "c1", "p3", 103);

    DeliveryReport report = checker.report();

    assertThat(report.expectedDeliveries()).isEqualTo(6);
    assertThat(report.delivered()).isEqualTo(5);
    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.duplicated()).isEqualTo(1);
    assertThat(report.outOfOrder()).isEqualTo(1);
    assertThat(report.unexpected()).isZero();
    assertThat(report.exact()).isFalse();
  }

  @Test
  void onlyPostsCreatedAfterTheSubscriptionAreOwed() {
    checker.expect("c1", "early", 90);
    checker.subscribe("alice", "c1", 100);
    checker.expect("c1", "late", 110);
    // a post from before the subscription may still arrive; it is neither owed nor an error
    checker.received("alice", "c1", "early", 90);

    DeliveryReport report = checker.report();

    assertThat(report.acknowledgedPosts()).isEqualTo(2);
    assertThat(report.expectedDeliveries()).isEqualTo(1);
    assertThat(report.missing()).isEqualTo(1);
    assertThat(report.delivered()).isZero();
  }

  @Test
  void aReconnectDoesNotExcuseWhatWasMissedMeanwhile() {
    checker.subscribe("alice", "c1", 100);
    checker.expect("c1", "during-gap", 150);
    checker.subscribe("alice", "c1", 200);

    assertThat(checker.report().missing()).isEqualTo(1);
  }

  @Test
  void eventsArrivingBeforeTheAcknowledgementStillCount() {
    checker.subscribe("alice", "c1", 100);
    checker.received("alice", "c1", "p1", 101);
    checker.expect("c1", "p1", 101);

    assertThat(checker.report().exact()).isTrue();
  }

  @Test
  void postsNeverAcknowledgedOrOnForeignChannelsAreUnexpected() {
    checker.subscribe("alice", "c1", 100);
    checker.expect("c2", "other", 105);
    checker.received("alice", "c1", "ghost", 101);
    checker.received("alice", "c2", "other", 105);

    DeliveryReport report = checker.report();

    assertThat(report.unexpected()).isEqualTo(2);
    assertThat(report.missing()).isZero();
    assertThat(report.exact()).isFalse();
  }

  @Test
  void concurrentReceiversLoseNothing() throws Exception {
    int clients = 8;
    int posts = 2_000;
    for (int c = 0; c < clients; c++) {
      checker.subscribe("u" + c, "c1", 0);
    }
    for (int p = 1; p <= posts; p++) {
      checker.expect("c1", "p" + p, p);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      String client = "u" + c;
      done.add(pool.submit(() -> {
        for (int p = 1; p <= posts; p++) {
          checker.received(client, "c1", "p" + p, p);
        }
      }));
    }
    for (var f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(checker.report()).isEqualTo(new DeliveryReport(posts, (long) clients * posts, (long) clients * posts, 0, 0, 0, 0));
  }
}
