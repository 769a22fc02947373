package chorus.protocol.api;

import java.util.Map;

public record ViewChannelResponse(String status, Map<String, Long> lastViewedAtTimes) {}
