package chorus.protocol.api;

public record UpdateStatusRequest(String userId, String status, Long dndEndTime) {}
