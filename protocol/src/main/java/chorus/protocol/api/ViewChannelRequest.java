package chorus.protocol.api;

public record ViewChannelRequest(String channelId, String prevChannelId, Boolean collapsedThreadsSupported) {}
