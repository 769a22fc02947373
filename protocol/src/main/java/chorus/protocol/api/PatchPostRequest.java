package chorus.protocol.api;

import java.util.List;
import java.util.Map;

/** Every field optional; null means "leave as it is". */
public record PatchPostRequest(String message, Boolean isPinned, Map<String, Object> props, List<String> fileIds, Boolean hasReactions) {
  public boolean isEmpty() {
    return message == null && isPinned == null && props == null && fileIds == null && hasReactions == null;
  }
}
