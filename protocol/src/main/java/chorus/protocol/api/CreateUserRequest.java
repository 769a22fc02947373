package chorus.protocol.api;

import java.util.Map;

public record CreateUserRequest(
    String username, String email, String password, String firstName, String lastName, String nickname,
    String position, String locale, Map<String, Object> props, Map<String, String> notifyProps) {}
