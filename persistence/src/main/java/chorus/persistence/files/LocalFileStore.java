package chorus.persistence.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Files in a directory; in a cluster, one shared mount (NFS/SMB NAS) that every node sees at
 * the same path. A write goes to a hidden temporary file beside its target, is forced to disk
 * and then renamed into place, so another node never reads a half-written file and a failed
 * upload leaves nothing under its key (the temporary file is removed). All file-system calls
 * run on Pekko's blocking-I/O dispatcher, never on the threads that serve requests.
 */
public final class LocalFileStore implements FileStore {
  private static final int READ_CHUNK = 64 * 1024;

  private final Path root;
  private final ActorSystem<?> system;
  private final Executor blocking;

  public LocalFileStore(Path root, ActorSystem<?> system) {
    this.root = root.toAbsolutePath().normalize();
    this.system = system;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  @Override
  public CompletionStage<Long> write(String key, Source<ByteString, ?> data, String contentType) {
    Path target = resolve(key);
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
    return CompletableFuture.runAsync(() -> createDirectories(target.getParent()), blocking)
        .exceptionally(failure -> { throw storeFailure("cannot create the directory for " + key, failure); })
        .thenCompose(ready -> StreamFailures.tagged(data).runWith(FileIO.toPath(temp), system))
        .thenApplyAsync(result -> {
          forceAndMove(temp, target);
          return result.count();
        }, blocking)
        .whenCompleteAsync((count, failure) -> {
          if (failure != null) {
            deleteQuietly(temp);
          }
        }, blocking)
        .exceptionally(failure -> { throw classify("write " + key, failure); });
  }

  @Override
  public Source<ByteString, ?> read(String key) {
    Path file = resolve(key);
    return FileIO.fromPath(file, READ_CHUNK)
        .mapError(new PFBuilder<Throwable, Throwable>().matchAny(failure -> storeFailure("read " + key, failure)).build());
  }

  @Override
  public CompletionStage<Done> delete(String key) {
    Path file = resolve(key);
    return CompletableFuture.supplyAsync(() -> {
      try {
        Files.deleteIfExists(file);
        return Done.getInstance();
      } catch (IOException e) {
        throw storeFailure("delete " + key, e);
      }
    }, blocking);
  }

  @Override
  public String describe() {
    return "local directory " + root;
  }

  public Path root() {
    return root;
  }

  private Path resolve(String key) {
    Path path = root.resolve(FileKeys.requireSafe(key)).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("storage key escapes the root: " + key);
    }
    return path;
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** fsync before rename: an acknowledged upload must survive a crash of the machine or NAS client. */
  private static void forceAndMove(Path temp, Path target) {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: a leftover ".part" file is hidden and never served.
    }
  }

  /**
   * The caller's own stream failure (a size limit, a client that disconnected) passes through
   * unchanged; everything else is the disk's fault.
   */
  private RuntimeException classify(String what, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof FileStoreException e) {
      return e;
    }
    Throwable upstream = StreamFailures.upstreamCause(cause);
    if (upstream != null) {
      return upstream instanceof RuntimeException r ? r : new CompletionException(upstream);
    }
    return storeFailure(what, cause);
  }

  private FileStoreException storeFailure(String what, Throwable cause) {
    Throwable unwrapped = unwrap(cause);
    if (unwrapped instanceof FileStoreException e) {
      return e;
    }
    String reason = unwrapped instanceof NoSuchFileException ? "no such file" : String.valueOf(unwrapped.getMessage());
    return new FileStoreException(describe() + ": " + what + " failed: " + reason, unwrapped);
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException
        || t instanceof UncheckedIOException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
