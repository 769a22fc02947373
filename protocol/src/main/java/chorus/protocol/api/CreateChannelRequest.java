package chorus.protocol.api;

public record CreateChannelRequest(String teamId, String name, String displayName, String type, String purpose, String header) {}
