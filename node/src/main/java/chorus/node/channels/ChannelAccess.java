package chorus.node.channels;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelAccessRow;
import chorus.persistence.channels.ChannelRepository;
import chorus.protocol.api.Channel;
import org.jooq.DSLContext;

/**
 * Who may read or write a channel. Called inside a primary-database query, because an
 * authorization decision must see the latest membership, not a replica's.
 */
public final class ChannelAccess {
  private final ChannelRepository channels;

  public ChannelAccess(ChannelRepository channels) {
    this.channels = channels;
  }

  /** Members read any channel; team members also read the team's open channels; admins read all. */
  public Channel readable(DSLContext dsl, Caller caller, String channelId) {
    ChannelAccessRow row = existingFor(dsl, caller, channelId);
    Channel channel = row.channel();
    if (caller.isSystemAdmin() || row.member() || (Channel.OPEN.equals(channel.type()) && row.teamMember())) {
      return channel;
    }
    throw ApiException.forbidden();
  }

  /** Only members post, type or manage a channel's content; a deleted channel takes no new posts. */
  public Channel writable(DSLContext dsl, Caller caller, String channelId) {
    ChannelAccessRow row = existingFor(dsl, caller, channelId);
    if (!row.member()) {
      throw ApiException.forbidden();
    }
    if (row.channel().deleteAt() > 0) {
      throw ApiException.badRequest("api.post.create_post.can_not_post_to_deleted.error", "Can not post to deleted channel.");
    }
    return row.channel();
  }

  private ChannelAccessRow existingFor(DSLContext dsl, Caller caller, String channelId) {
    return channels.findWithAccess(dsl, channelId, caller.userId()).orElseThrow(ChannelAccess::notFound);
  }

  public Channel existing(DSLContext dsl, String channelId) {
    return channels.findById(dsl, channelId).orElseThrow(ChannelAccess::notFound);
  }

  private static ApiException notFound() {
    return ApiException.notFound("app.channel.get.existing.app_error", "Unable to find the existing channel.");
  }
}
