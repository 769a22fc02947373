package chorus.persistence.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class RequestQueueTest {
  private static final Executor IN_PLACE = Runnable::run;

  @Test
  void requestsLeaveInTheOrderTheyCameAndTheBoundIsKept() {
    RequestQueue queue = new RequestQueue(2);
    Request<Integer> first = request(100);
    Request<Integer> second = request(100);
    assertThat(queue.offer(first)).isTrue();
    assertThat(queue.offer(second)).isTrue();
    assertThat(queue.offer(request(100))).isFalse();

    assertThat(queue.next(0, IN_PLACE)).containsSame(first);
    assertThat(queue.next(0, IN_PLACE)).containsSame(second);
    assertThat(queue.next(0, IN_PLACE)).isEmpty();
  }

  @Test
  void requestsPastTheirDeadlineAreFailedAndSkipped() {
    RequestQueue queue = new RequestQueue(8);
    Request<Integer> stale = request(10);
    Request<Integer> fresh = request(1_000);
    queue.offer(stale);
    queue.offer(fresh);

    assertThat(queue.next(500, IN_PLACE)).containsSame(fresh);
    assertThat(stale.result()).isCompletedExceptionally();
    assertThat(failure(stale)).isInstanceOf(QueueWaitTimeoutException.class);
    assertThat(queue.size()).isZero();
  }

  @Test
  void aRequestItsCallerCancelledIsNotRun() {
    RequestQueue queue = new RequestQueue(8);
    Request<Integer> cancelled = request(1_000);
    cancelled.result().cancel(false);
    queue.offer(cancelled);

    assertThat(queue.next(0, IN_PLACE)).isEmpty();
    assertThat(cancelled.result()).isCancelled();
  }

  private static Request<Integer> request(long deadlineNanos) {
    return new Request<>(ReadPreference.PRIMARY, false, dsl -> 1, new CompletableFuture<>(), deadlineNanos);
  }

  private static Throwable failure(Request<?> request) {
    try {
      request.result().get();
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the request succeeded");
  }
}
