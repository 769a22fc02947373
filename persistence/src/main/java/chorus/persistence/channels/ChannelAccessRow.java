package chorus.persistence.channels;

import chorus.protocol.api.Channel;

/**
 * A channel with what an authorization decision needs to know about one user, read in one
 * statement ({@link ChannelRepository#findWithAccess}).
 *
 * @param member whether the user is a member of the channel
 * @param teamMember whether the user is an active member of the channel's team
 */
public record ChannelAccessRow(Channel channel, boolean member, boolean teamMember) {}
