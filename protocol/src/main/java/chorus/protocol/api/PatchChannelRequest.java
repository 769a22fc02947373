package chorus.protocol.api;

/** {@code PUT /channels/{id}/patch} (Mattermost's {@code ChannelPatch}): every field is optional; an absent one keeps its value. */
public record PatchChannelRequest(String displayName, String name, String header, String purpose) {}
