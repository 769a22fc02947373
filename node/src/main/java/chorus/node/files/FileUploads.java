package chorus.node.files;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.files.StoredFile;
import chorus.protocol.api.FileInfo;
import chorus.protocol.api.FileUploadResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The two upload forms of {@code POST /files}. Multipart is read part by part as it arrives:
 * {@code channel_id} must come before the files (as Mattermost requires), so permission is
 * settled before any file byte is read, and each file part streams into storage before the next
 * part is looked at. If any part fails, the files already stored by the same request are
 * removed again, so a failed request leaves nothing behind.
 */
final class FileUploads {
  private static final long FIELD_LIMIT = 4096;
  private static final long FIELD_TIMEOUT_MS = 10_000;

  private final FileService files;
  private final Materializer materializer;

  FileUploads(FileService files, ActorSystem<?> system) {
    this.files = files;
    this.materializer = Materializer.matFromSystem(system);
  }

  /** The fields seen so far and the files stored so far, in part order. */
  private record Progress(String channelId, List<FileInfo> infos, List<String> clientIds) {
    Progress withChannel(String id) {
      return new Progress(id, infos, clientIds);
    }

    Progress withFile(FileInfo info) {
      List<FileInfo> more = new ArrayList<>(infos);
      more.add(info);
      return new Progress(channelId, more, clientIds);
    }

    Progress withClientId(String id) {
      List<String> more = new ArrayList<>(clientIds);
      more.add(id);
      return new Progress(channelId, infos, more);
    }
  }

  /** What one multipart request has set going: files stored, and store operations not yet finished. */
  private record Work(Queue<StoredFile> stored, Queue<CompletableFuture<?>> running) {
    Work() {
      this(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
    }
  }

  CompletionStage<FileUploadResponse> multipart(Caller caller, HttpEntity entity) {
    Work work = new Work();
    CompletionStage<FileUploadResponse> upload = Unmarshaller.entityToMultipartFormData().unmarshal(entity, materializer)
        .exceptionally(failure -> { throw new CompletionException(UploadFailures.unreadable(failure)); })
        .thenCompose(form -> form.getParts()
            .foldAsync(new Progress(null, List.of(), List.of()), (progress, part) -> onPart(caller, progress, part, work))
            .runWith(Sink.head(), materializer))
        .thenApply(FileUploads::response);
    return cleanUpOnFailure(upload, work);
  }

  CompletionStage<FileUploadResponse> raw(Caller caller, String channelId, String fileName, Optional<String> clientId, HttpEntity entity) {
    if (fileName.isBlank()) {
      return CompletableFuture.failedFuture(ApiException.invalidParam("filename"));
    }
    return files.requireUploadAccess(caller, channelId)
        .thenCompose(channel -> files.store(caller, channelId, fileName, entity.getDataBytes()))
        .thenApply(file -> new FileUploadResponse(List.of(file.info()), clientId.map(List::of).orElse(List.of())));
  }

  private CompletionStage<Progress> onPart(Caller caller, Progress progress, Multipart.FormData.BodyPart part, Work work) {
    if (part.getFilename().isPresent()) {
      if (progress.channelId() == null) {
        return part.getEntity().discardBytes(materializer).completionStage()
            .thenApply(done -> { throw ApiException.invalidParam("channel_id"); });
      }
      CompletableFuture<StoredFile> storing = files.store(caller, progress.channelId(), part.getFilename().get(),
          part.getEntity().getDataBytes()).toCompletableFuture();
      work.running().add(storing);
      return storing.thenApply(file -> {
        work.stored().add(file);
        return progress.withFile(file.info());
      });
    }
    switch (part.getName()) {
      case "channel_id":
        return field(part).thenCompose(channelId -> {
          if (progress.channelId() != null && !progress.channelId().equals(channelId)) {
            throw ApiException.invalidParam("channel_id");
          }
          return files.requireUploadAccess(caller, channelId).thenApply(channel -> progress.withChannel(channelId));
        });
      case "client_ids":
        return field(part).thenApply(progress::withClientId);
      default:
        return part.getEntity().discardBytes(materializer).completionStage().thenApply(done -> progress);
    }
  }

  private CompletionStage<String> field(Multipart.FormData.BodyPart part) {
    return part.getEntity().withSizeLimit(FIELD_LIMIT).toStrict(FIELD_TIMEOUT_MS, materializer)
        .thenApply(strict -> strict.getData().utf8String().trim());
  }

  private static FileUploadResponse response(Progress progress) {
    if (progress.infos().isEmpty()) {
      throw ApiException.badRequest("api.file.upload_file.multipart.app_error", "No files were found in the request.");
    }
    if (!progress.clientIds().isEmpty() && progress.clientIds().size() != progress.infos().size()) {
      throw ApiException.invalidParam("client_ids");
    }
    return new FileUploadResponse(progress.infos(), progress.clientIds());
  }

  /**
   * A failed request answers only once every store operation it started has finished and its
   * files are removed again: the multipart stream can fail (a size limit) before the file it
   * was feeding has cleaned up after itself, and the client must not see the error while
   * anything of its upload is still on disk.
   */
  private CompletionStage<FileUploadResponse> cleanUpOnFailure(CompletionStage<FileUploadResponse> upload, Work work) {
    return upload.handle((response, failure) -> failure == null
            ? CompletableFuture.completedFuture(response)
            : CompletableFuture.allOf(work.running().toArray(CompletableFuture[]::new)).handle((settled, ignored) -> settled)
                .thenCompose(settled -> files.discard(List.copyOf(work.stored()))).<FileUploadResponse>thenApply(done -> {
              throw new CompletionException(UploadFailures.classify(failure, files.maxFileSize()));
            }))
        .thenCompose(stage -> stage);
  }
}
