package chorus.node.files;

import chorus.node.channels.ChannelAccess;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.files.FileInfoRepository;
import chorus.persistence.files.FileKeys;
import chorus.persistence.files.FileStore;
import chorus.persistence.files.StoredFile;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.posts.PostRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.FileInfo;
import chorus.protocol.ids.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storing and finding files. An upload streams straight into the file store with
 * MaxFileSize enforced on the way (so an oversized file is cut off, not buffered), then, for
 * images, reads the stored copy back to make the thumbnail and preview, and only then writes
 * the file_info row. A failure before the row leaves no row; a failure writing the row removes
 * the stored bytes. So there is never a row without its file, whatever fails.
 */
public final class FileService {
  private static final Logger log = LoggerFactory.getLogger(FileService.class);
  private static final Duration IMAGE_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Larger "images" are stored but not decoded: a preview is not worth reading that much back. */
  private static final long MAX_PREVIEW_SOURCE_BYTES = 64L * 1024 * 1024;

  private final PersistencePool pool;
  private final FileInfoRepository files;
  private final PostRepository posts;
  private final ChannelAccess access;
  private final FileStore store;
  private final ImagePreviews previews;
  private final Ids ids;
  private final Clock clock;
  private final LongSupplier maxFileSize;
  private final ActorSystem<?> system;
  private final Executor blocking;

  public FileService(PersistencePool pool, FileInfoRepository files, PostRepository posts, ChannelAccess access, FileStore store,
      Ids ids, Clock clock, LongSupplier maxFileSize, ActorSystem<?> system) {
    this.pool = pool;
    this.files = files;
    this.posts = posts;
    this.access = access;
    this.store = store;
    this.previews = new ImagePreviews();
    this.ids = ids;
    this.clock = clock;
    this.maxFileSize = maxFileSize;
    this.system = system;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** FileSettings.MaxFileSize as it is now (a config change applies to the next upload). */
  public long maxFileSize() {
    return maxFileSize.getAsLong();
  }

  /** Upload permission is checked before a single byte is read: only channel members upload. */
  public CompletionStage<Channel> requireUploadAccess(Caller caller, String channelId) {
    if (!Ids.isValid(channelId)) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("channel_id"));
    }
    return pool.read(ReadPreference.PRIMARY, dsl -> access.writable(dsl, caller, channelId));
  }

  /** Streams one file into storage and records it, unattached, for the caller. */
  public CompletionStage<StoredFile> store(Caller caller, String channelId, String clientName, Source<ByteString, ?> data) {
    String name = FileNames.baseName(clientName);
    String extension = FileNames.extension(name);
    String mimeType = FileNames.mimeType(name);
    String fileId = ids.next();
    long now = clock.millis();
    String key = FileKeys.upload(Instant.ofEpochMilli(now), channelId, caller.userId(), fileId, name);
    long limit = maxFileSize.getAsLong();
    Source<ByteString, ?> limited = data.limitWeighted(limit, chunk -> (long) chunk.size());
    return store.write(key, limited, mimeType)
        .exceptionally(failure -> { throw UploadFailures.classify(failure, limit); })
        .thenCompose(size -> renditions(key, extension, size).thenCompose(image -> {
          FileInfo info = new FileInfo(fileId, caller.userId(), "", channelId, now, now, 0, name, extension, size, mimeType,
              image.width(), image.height(), !image.previewKey().isEmpty(), image.mini(), "", false);
          StoredFile file = new StoredFile(info, key, image.thumbnailKey(), image.previewKey());
          return pool.write(dsl -> {
            files.insert(dsl, file);
            return file;
          }).exceptionallyCompose(failure -> deleteObjects(file).thenApply(done -> { throw new CompletionException(UploadFailures.unwrap(failure)); }));
        }));
  }

  /** Undoes uploads of a request that failed part-way: rows first, then bytes. Best effort. */
  public CompletionStage<Done> discard(Collection<StoredFile> stored) {
    if (stored.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return pool.write(dsl -> {
          stored.forEach(file -> files.delete(dsl, file.info().id()));
          return Done.getInstance();
        })
        .thenCompose(done -> CompletableFuture.allOf(stored.stream().map(f -> deleteObjects(f).toCompletableFuture())
            .toArray(CompletableFuture[]::new)))
        .handle((done, failure) -> {
          if (failure != null) {
            log.warn("could not remove {} file(s) of a failed upload: {}", stored.size(), failure.toString());
          }
          return Done.getInstance();
        });
  }

  /**
   * The file if the caller may read it: an unattached file only by its uploader (or a system
   * admin), an attached one by anyone who can read its channel. Deleted files are not found.
   */
  public CompletionStage<StoredFile> readable(Caller caller, String fileId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      StoredFile file = files.findById(dsl, fileId).filter(f -> f.info().deleteAt() == 0).orElseThrow(FileService::fileNotFound);
      if (!file.info().isAttached()) {
        if (file.info().userId().equals(caller.userId()) || caller.isSystemAdmin()) {
          return file;
        }
        throw ApiException.forbidden();
      }
      access.readable(dsl, caller, file.info().channelId());
      return file;
    });
  }

  /** A live post's files, for whoever can read its channel. */
  public CompletionStage<List<FileInfo>> forPost(Caller caller, String postId) {
    return pool.read(ReadPreference.PRIMARY, dsl -> {
      var post = posts.findById(dsl, postId).filter(p -> p.deleteAt() == 0)
          .orElseThrow(() -> ApiException.notFound("app.post.get.app_error", "Unable to get the post."));
      access.readable(dsl, caller, post.channelId());
      return files.forPosts(dsl, List.of(postId)).stream().map(StoredFile::info).toList();
    });
  }

  public Source<ByteString, ?> bytes(String key) {
    return store.read(key);
  }


  private static ApiException fileNotFound() {
    return ApiException.notFound("app.file_info.get.app_error", "Unable to find the file.");
  }

  private record Renditions(int width, int height, String thumbnailKey, String previewKey, byte[] mini) {
    static final Renditions NONE = new Renditions(0, 0, "", "", null);
  }

  /** Thumbnail and preview for an image; a file that is not a readable image simply has none. */
  private CompletionStage<Renditions> renditions(String key, String extension, long size) {
    if (!ImagePreviews.EXTENSIONS.contains(extension) || size == 0 || size > MAX_PREVIEW_SOURCE_BYTES) {
      return CompletableFuture.completedFuture(Renditions.NONE);
    }
    InputStream in = store.read(key).runWith(StreamConverters.asInputStream(IMAGE_READ_TIMEOUT), system);
    return CompletableFuture.supplyAsync(() -> {
          try (in) {
            return previews.make(in);
          } catch (IOException e) {
            return Optional.<ImagePreviews.Result>empty();
          }
        }, blocking)
        .thenCompose(made -> {
          if (made.isEmpty()) {
            return CompletableFuture.completedFuture(Renditions.NONE);
          }
          ImagePreviews.Result image = made.get();
          if (!image.hasPreviews()) {
            return CompletableFuture.completedFuture(new Renditions(image.width(), image.height(), "", "", null));
          }
          String thumbnailKey = FileKeys.thumbnail(key);
          String previewKey = FileKeys.preview(key);
          return store.write(thumbnailKey, Source.single(ByteString.fromArray(image.thumbnail())), "image/jpeg")
              .thenCompose(n -> store.write(previewKey, Source.single(ByteString.fromArray(image.preview())), "image/jpeg"))
              .thenApply(n -> new Renditions(image.width(), image.height(), thumbnailKey, previewKey, image.mini()));
        })
        .exceptionally(failure -> {
          log.warn("no preview for {}: {}", key, failure.toString());
          return Renditions.NONE;
        });
  }

  private CompletionStage<Done> deleteObjects(StoredFile file) {
    CompletionStage<Done> all = store.delete(file.path());
    for (String extra : List.of(file.thumbnailPath(), file.previewPath())) {
      if (!extra.isEmpty()) {
        all = all.thenCompose(done -> store.delete(extra));
      }
    }
    return all.exceptionally(failure -> {
      log.warn("could not remove stored bytes of {}: {}", file.path(), failure.toString());
      return Done.getInstance();
    });
  }

}
