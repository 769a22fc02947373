package chorus.persistence.export;

/** A file attached to an exported post; {@code path} is its key in the file store. */
public record ExportedFile(String id, String postId, String name, String path, long deleteAt) {}
