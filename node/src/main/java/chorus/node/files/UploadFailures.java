package chorus.node.files;

import chorus.node.http.ApiException;
import chorus.persistence.files.FileStoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.ParsingException;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed upload tells the client. Over the limit is the client's 413 (wherever in the
 * stream the limit struck: the file's own counter, the request's size limit, or the multipart
 * parser passing either on); a body the multipart parser cannot read (truncated, no closing
 * boundary) is the client's 400, as Mattermost's {@code read_request} error; storage trouble is a
 * retryable 503; anything else stays as it is.
 */
final class UploadFailures {
  private static final Logger log = LoggerFactory.getLogger(UploadFailures.class);

  private UploadFailures() {}

  static RuntimeException classify(Throwable failure, long maxFileSize) {
    Throwable cause = unwrap(failure);
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamLimitReachedException || t instanceof EntityStreamSizeException) {
        return tooLarge(maxFileSize);
      }
    }
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ParsingException) {
        return readRequest(t.getMessage());
      }
    }
    if (cause instanceof FileStoreException e) {
      log.warn("file upload failed: {}", e.getMessage());
      return new ApiException(503, "api.file.upload_file.storage.app_error",
          "The file storage is unavailable; the file was not saved. Please try again.", e.getMessage());
    }
    return cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }

  /**
   * A failure of the multipart unmarshaller itself. A body that arrived whole is parsed there at
   * once, and Pekko reports a part cut off by a missing closing boundary as an
   * IllegalStateException ("Unexpected entity type from strict BodyPartParser"); a streamed one
   * fails later, in the parts, with a ParsingException. Either is the client's unreadable body,
   * unless a size limit struck, which stays a 413.
   */
  static Throwable unreadable(Throwable failure) {
    Throwable cause = unwrap(failure);
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamLimitReachedException || t instanceof EntityStreamSizeException || t instanceof ApiException) {
        return cause;
      }
    }
    return readRequest(cause.getMessage());
  }

  private static ApiException readRequest(String detail) {
    return new ApiException(400, "api.file.upload_file.read_request.app_error", "Unable to upload file(s). Error reading or parsing request data.",
        detail);
  }

  static ApiException tooLarge(long limit) {
    return new ApiException(413, "api.file.upload_file.too_large_detailed.app_error",
        "Unable to upload file. File is larger than the maximum of " + limit + " bytes.");
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
