package chorus.node.files;

import chorus.protocol.api.FileInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * File bodies as Mattermost sends them: the stored mime type, a private month-long cache
 * lifetime, and {@code inline} only for media a browser shows safely; everything else (HTML,
 * SVG, scripts) is an attachment so that an uploaded page can never run in the site's origin.
 */
final class FileResponses {
  /** Mattermost's {@code MediaContentTypes}. */
  private static final Set<String> INLINE_TYPES = Set.of("image/jpeg", "image/png", "image/bmp", "image/gif", "image/tiff",
      "video/avi", "video/mpeg", "video/mp4", "audio/mpeg", "audio/wav");
  private static final List<HttpHeader> HEADERS = List.of(
      RawHeader.create("Cache-Control", "max-age=2592000, private"),
      RawHeader.create("X-Frame-Options", "DENY"),
      RawHeader.create("Content-Security-Policy", "Frame-ancestors 'none'"));

  private FileResponses() {}

  /** The file itself; the length is known, so the body is streamed with a Content-Length. */
  static HttpResponse file(FileInfo info, Source<ByteString, ?> bytes, boolean download) {
    boolean inline = !download && INLINE_TYPES.contains(info.mimeType());
    return HttpResponse.create()
        .withEntity(HttpEntities.create(contentType(info.mimeType()), info.size(), bytes))
        .addHeader(ContentDisposition.create(inline ? ContentDispositionTypes.INLINE : ContentDispositionTypes.ATTACHMENT,
            Map.of("filename", info.name())))
        .addHeaders(HEADERS);
  }

  /** A thumbnail or preview: always a JPEG we made, shown inline. */
  static HttpResponse rendition(Source<ByteString, ?> bytes) {
    return HttpResponse.create()
        .withEntity(HttpEntities.createChunked(ContentTypes.create(org.apache.pekko.http.javadsl.model.MediaTypes.IMAGE_JPEG), bytes))
        .addHeaders(HEADERS);
  }

  private static ContentType contentType(String mimeType) {
    try {
      return ContentTypes.parse(mimeType);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }
}
