package chorus.node.events;

import chorus.persistence.posts.PostWrites;
import chorus.protocol.api.Post;
import java.util.HashMap;
import java.util.Map;

/** The data of a {@code posted} event as Mattermost sends it (reference D), for user and system posts alike. */
public final class PostedEventData {
  private PostedEventData() {}

  public static Map<String, Object> of(EventPublisher events, Post post, PostWrites.Slot slot, boolean setOnline) {
    Map<String, Object> data = new HashMap<>();
    data.put("post", events.jsonString(post));
    data.put("channel_type", slot.channel().type());
    data.put("channel_display_name", slot.channel().displayName());
    data.put("channel_name", slot.channel().name());
    data.put("sender_name", slot.senderUsername().isEmpty() ? "" : "@" + slot.senderUsername());
    data.put("team_id", slot.channel().teamId());
    data.put("set_online", setOnline);
    if (!slot.mentioned().isEmpty()) {
      data.put("mentions", events.jsonString(slot.mentioned()));
    }
    return data;
  }
}
