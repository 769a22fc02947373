package chorus.protocol.api;

import java.util.List;

/** {@code POST /files}: the stored files, and the client's ids for them in the same order. */
public record FileUploadResponse(List<FileInfo> fileInfos, List<String> clientIds) {}
