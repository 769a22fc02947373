package chorus.loadtest.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread serving many client sockets. The generator's sockets once ran each as a
 * Pekko HTTP WebSocket stream; receiving a frame through one cost about 100 µs of the generator's
 * CPU (per-message substreams, actor hops), so on the CPU it shares with PostgreSQL the
 * generator, not the node, set the fan-out ceiling. Here a frame is a read, a parse, a callback.
 *
 * <p>Everything a socket does with its channel runs on this thread; other threads hand it work
 * with {@link #execute}.
 */
final class SocketReactor implements AutoCloseable {
  /** A channel's owner; called on the reactor thread for the events it registered for. */
  interface Handler {
    void connectable() throws IOException;

    /** Data arrived; {@code buffer} is the reactor's, cleared for the handler to read into. */
    void readable(ByteBuffer buffer) throws IOException;

    void writable() throws IOException;

    /** A handler method threw: the handler closes its socket. */
    void failed(Exception cause);
  }

  private static final int READ_BUFFER = 256 * 1024;

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private volatile boolean running = true;

  SocketReactor(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  Selector selector() {
    return selector;
  }

  /** Runs {@code task} on the reactor thread, after what is already queued. */
  void execute(Runnable task) {
    tasks.add(task);
    if (Thread.currentThread() != thread) {
      selector.wakeup();
    }
  }

  private void loop() {
    while (running) {
      try {
        selector.select(1_000);
      } catch (IOException e) {
        System.err.println("the generator's socket selector failed: " + e);
        return;
      }
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          System.err.println("a socket task failed: " + e);
        }
      }
      Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
      while (selected.hasNext()) {
        SelectionKey key = selected.next();
        selected.remove();
        dispatch(key);
      }
    }
  }

  private void dispatch(SelectionKey key) {
    Handler handler = (Handler) key.attachment();
    try {
      if (key.isValid() && key.isConnectable()) {
        handler.connectable();
      }
      if (key.isValid() && key.isReadable()) {
        readBuffer.clear();
        handler.readable(readBuffer);
      }
      if (key.isValid() && key.isWritable()) {
        handler.writable();
      }
    } catch (Exception e) {
      handler.failed(e);
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(10_000);
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
      selector.close();
    } catch (IOException | InterruptedException e) {
      // Tearing down at the end of a run: the process exits next.
    }
  }
}
