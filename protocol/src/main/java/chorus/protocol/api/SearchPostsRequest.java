package chorus.protocol.api;

public record SearchPostsRequest(
    String terms, Boolean isOrSearch, Integer timeZoneOffset, Boolean includeDeletedChannels, Integer page, Integer perPage) {}
