package chorus.persistence.retention;

import java.util.List;

/** A file_info row retention removes, with the store keys of its bytes, thumbnail and preview. */
public record ExpiredFile(String id, List<String> keys) {}
