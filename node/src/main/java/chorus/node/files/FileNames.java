package chorus.node.files;

import java.util.Locale;
import java.util.Map;

/**
 * What a client-supplied file name becomes: only its last path segment is kept (so
 * {@code ../../x} is just {@code x}), control characters are dropped, and the mime type
 * follows the extension, as Mattermost derives it. The name is only ever displayed and sent
 * back in Content-Disposition; storage keys are built from a further-sanitised form.
 */
final class FileNames {
  private static final int MAX_NAME = 256;
  private static final Map<String, String> MIME_TYPES = Map.ofEntries(
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"), Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"), Map.entry("webp", "image/webp"), Map.entry("svg", "image/svg+xml"),
      Map.entry("heic", "image/heic"), Map.entry("psd", "image/vnd.adobe.photoshop"),
      Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"),
      Map.entry("csv", "text/csv"), Map.entry("json", "application/json"), Map.entry("xml", "text/xml"),
      Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("js", "text/javascript"),
      Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
      Map.entry("mp4", "video/mp4"), Map.entry("mov", "video/quicktime"), Map.entry("webm", "video/webm"),
      Map.entry("avi", "video/avi"), Map.entry("mpeg", "video/mpeg"),
      Map.entry("doc", "application/msword"), Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("ppt", "application/vnd.ms-powerpoint"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"));

  private FileNames() {}

  static String baseName(String raw) {
    String name = raw == null ? "" : raw;
    int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(cut + 1).replaceAll("\\p{Cntrl}", "").trim();
    if (name.length() > MAX_NAME) {
      name = name.substring(name.length() - MAX_NAME);
    }
    return name.isEmpty() ? "file" : name;
  }

  /** The extension without the dot, lower case; empty when there is none. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String mimeType(String name) {
    return MIME_TYPES.getOrDefault(extension(name), "application/octet-stream");
  }
}
