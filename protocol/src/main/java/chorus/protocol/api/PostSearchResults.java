package chorus.protocol.api;

import java.util.List;
import java.util.Map;

public record PostSearchResults(
    List<String> order,
    Map<String, Post> posts,
    String nextPostId,
    String prevPostId,
    boolean hasNext,
    long firstInaccessiblePostTime,
    Map<String, List<String>> matches) {}
