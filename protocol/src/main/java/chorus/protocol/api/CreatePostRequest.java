package chorus.protocol.api;

import java.util.List;
import java.util.Map;

public record CreatePostRequest(
    String channelId, String message, String rootId, List<String> fileIds, Map<String, Object> props,
    String pendingPostId, String type, Long createAt) {}
