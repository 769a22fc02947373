package chorus.node.channels;

import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.teams.TeamRepository;
import chorus.protocol.api.Channel;
import org.jooq.DSLContext;

/**
 * Who may read or write a channel. Called inside a primary-database query, because an
 * authorization decision must see the latest membership, not a replica's.
 */
public final class ChannelAccess {
  private final ChannelRepository channels;
  private final TeamRepository teams;

  public ChannelAccess(ChannelRepository channels, TeamRepository teams) {
    this.channels = channels;
    this.teams = teams;
  }

  /** Members read any channel; team members also read the team's open channels; admins read all. */
  public Channel readable(DSLContext dsl, Caller caller, String channelId) {
    Channel channel = existing(dsl, channelId);
    if (caller.isSystemAdmin() || channels.findMember(dsl, channelId, caller.userId()).isPresent()) {
      return channel;
    }
    if (Channel.OPEN.equals(channel.type()) && teams.findMember(dsl, channel.teamId(), caller.userId()).isPresent()) {
      return channel;
    }
    throw ApiException.forbidden();
  }

  /** Only members post, type or manage a channel's content; a deleted channel takes no new posts. */
  public Channel writable(DSLContext dsl, Caller caller, String channelId) {
    Channel channel = existing(dsl, channelId);
    if (channels.findMember(dsl, channelId, caller.userId()).isEmpty()) {
      throw ApiException.forbidden();
    }
    if (channel.deleteAt() > 0) {
      throw ApiException.badRequest("api.post.create_post.can_not_post_to_deleted.error", "Can not post to deleted channel.");
    }
    return channel;
  }

  public Channel existing(DSLContext dsl, String channelId) {
    return channels.findById(dsl, channelId)
        .orElseThrow(() -> ApiException.notFound("app.channel.get.existing.app_error", "Unable to find the existing channel."));
  }
}
