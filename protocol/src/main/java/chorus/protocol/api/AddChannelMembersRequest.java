package chorus.protocol.api;

import java.util.List;

/** Either one {@code user_id} or a list of {@code user_ids}; the reply's shape follows the request's. */
public record AddChannelMembersRequest(String userId, List<String> userIds, String postRootId) {}
