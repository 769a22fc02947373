package chorus.protocol.api;

/** {@code PUT /users/{id}/password}: the current password is needed when users change their own. */
public record UpdatePasswordRequest(String currentPassword, String newPassword) {}
