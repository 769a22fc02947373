package chorus.protocol.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /users/autocomplete}: the matching users and, when a channel was given, apart the
 * team's members outside it ({@code out_of_channel}, left out when empty, as Mattermost does).
 */
public record UserAutocomplete(List<User> users, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<User> outOfChannel) {}
