package chorus.node.files;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /files} (upload, download, info, thumbnail, preview) and {@code /posts/{id}/files/info}.
 * Uploads and downloads have no request timeout: a large file may take minutes; the idle
 * timeout still ends a connection that stops moving.
 */
public final class FileRoutes extends ApiDirectives {
  /** Room for multipart boundaries, part headers and the small fields around the file bytes. */
  private static final long MULTIPART_OVERHEAD = 64 * 1024;

  private final FileService files;
  private final FileUploads uploads;
  private final ApiContext context;

  public FileRoutes(ApiContext context, FileService files, ActorSystem<?> system) {
    super(context);
    this.files = files;
    this.uploads = new FileUploads(files, system);
    this.context = context;
  }

  public Route routes() {
    return concat(
        pathPrefix("files", () -> enabled(() -> concat(
            pathEnd(() -> post(() -> withoutRequestTimeout(() -> authenticated(this::upload)))),
            pathPrefix(segment(), fileId -> validId(fileId, "file_id", () -> get(() -> authenticated(caller ->
                oneFile(caller, fileId)))))))),
        path(segment("posts").slash(segment()).slash("files").slash("info"), postId -> validId(postId, "post_id", () ->
            get(() -> authenticated(caller -> respondOk(files.forPost(caller, postId)))))));
  }

  private Route oneFile(Caller caller, String fileId) {
    return concat(
        pathEnd(() -> withoutRequestTimeout(() -> parameterOptional("download", download ->
            respondWith(files.readable(caller, fileId).thenApply(file ->
                FileResponses.file(file.info(), files.bytes(file.path()), isTrue(download.orElse("")))))))),
        path("info", () -> respondOk(files.readable(caller, fileId).thenApply(file -> file.info()))),
        path("thumbnail", () -> respondWith(files.readable(caller, fileId).thenApply(file -> {
          if (!file.hasThumbnail()) {
            throw ApiException.badRequest("api.file.get_file_thumbnail.no_thumbnail.app_error", "File doesn't have a thumbnail image.");
          }
          return FileResponses.rendition(files.bytes(file.thumbnailPath()));
        }))),
        path("preview", () -> respondWith(files.readable(caller, fileId).thenApply(file -> {
          if (!file.hasPreview()) {
            throw ApiException.badRequest("api.file.get_file_preview.no_preview.app_error", "File doesn't have a preview image.");
          }
          return FileResponses.rendition(files.bytes(file.previewPath()));
        }))));
  }

  /** Multipart or raw body; a declared length over the limit is refused before anything is read. */
  private Route upload(Caller caller) {
    return extractRequestEntity(entity -> {
      boolean multipart = entity.getContentType().mediaType().toString().startsWith("multipart/form-data");
      long limit = files.maxFileSize() + (multipart ? MULTIPART_OVERHEAD : 0);
      if (entity.getContentLengthOption().isPresent() && entity.getContentLengthOption().getAsLong() > limit) {
        return failWith(UploadFailures.tooLarge(files.maxFileSize()));
      }
      HttpEntity limited = entity.withSizeLimit(limit);
      if (multipart) {
        return respondCreated(uploads.multipart(caller, limited));
      }
      return parameterOptional("channel_id", channelId -> parameterOptional("filename", fileName ->
          parameterOptional("client_id", clientId ->
              respondCreated(uploads.raw(caller, channelId.orElse(""), fileName.orElse(""), clientId, limited)))));
    });
  }

  /** With EnableFileAttachments off every file route is a 501, as in Mattermost; read per request, so a reload applies it. */
  private Route enabled(Supplier<Route> inner) {
    if (!context.config().fileSettings().enableFileAttachments()) {
      return failWith(new ApiException(501, "api.file.attachments.disabled.app_error", "File attachments have been disabled on this server."));
    }
    return inner.get();
  }

  private static boolean isTrue(String value) {
    return value.equals("1") || value.equalsIgnoreCase("true");
  }
}
