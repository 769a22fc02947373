package chorus.protocol.api;

import java.util.Map;

/**
 * {@code PUT /users/{id}/patch} (Mattermost's {@code UserPatch}) and the fields Chorus reads of
 * {@code PUT /users/{id}}: every field is optional and an absent one keeps its value.
 * {@code password} is not a new password: it proves a user changing their own e-mail knows the
 * current one. {@code id} is read by the whole update only, which must name the path's user.
 */
public record PatchUserRequest(String id, String username, String password, String nickname, String firstName,
    String lastName, String position, String email, Map<String, Object> props, Map<String, String> notifyProps,
    String locale, Map<String, String> timezone) {}
