package chorus.protocol.api;

import java.util.List;
import java.util.Map;

/** Posts keyed by id plus their order, newest first; never null collections, as clients index them directly. */
public record PostList(
    List<String> order,
    Map<String, Post> posts,
    String nextPostId,
    String prevPostId,
    boolean hasNext,
    long firstInaccessiblePostTime) {}
