package chorus.protocol.api;

/** Mattermost's error body ({@code model.AppError}); every failed API call answers with one. */
public record AppError(String id, String message, String detailedError, String requestId, int statusCode) {}
