package chorus.protocol.ws;

import com.fasterxml.jackson.databind.JsonNode;

/** A frame from the client: {@code {"seq":n,"action":"...","data":{...}}}. */
public record WebSocketRequest(long seq, String action, JsonNode data) {}
