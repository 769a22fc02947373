package chorus.node.teams;

import chorus.node.channels.NewChannels;
import chorus.node.events.ChannelEvents;
import chorus.node.events.EventPublisher;
import chorus.node.events.OrderedWrites;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.node.systemposts.SystemPosts;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.teams.TeamRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.Roles;
import chorus.protocol.cluster.ClusterEvent;
import chorus.protocol.ids.Ids;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code DELETE /teams/{id}/members/{user_id}}: a user leaves a team, or a team admin removes
 * them. The user also leaves every channel of the team, in the same transaction, each as a
 * durable {@code user_removed} event of that channel (the log's membership changes decide who
 * saw what), so from the commit on none of their sessions reads the team's channels or gets
 * their events. {@code leave_team} then goes to the team's members as they were, the user
 * included, as Mattermost publishes it.
 */
public final class TeamDepartures {
  private final OrderedWrites ordered;
  private final TeamRepository teams;
  private final ChannelRepository channels;
  private final ChannelEvents channelEvents;
  private final EventPublisher events;
  private final Clock clock;
  private final SystemPosts systemPosts;

  public TeamDepartures(OrderedWrites ordered, TeamRepository teams, ChannelRepository channels, ChannelEvents channelEvents,
      EventPublisher events, Clock clock, SystemPosts systemPosts) {
    this.systemPosts = systemPosts;
    this.ordered = ordered;
    this.teams = teams;
    this.channels = channels;
    this.channelEvents = channelEvents;
    this.events = events;
    this.clock = clock;
  }

  public CompletionStage<Void> remove(Caller caller, String teamId, String userId) {
    long now = clock.millis();
    return ordered.write(dsl -> {
      teams.lockById(dsl, teamId).filter(t -> t.deleteAt() == 0)
          .orElseThrow(() -> ApiException.notFound("app.team.get.find.app_error", "Unable to find the existing team."));
      boolean self = caller.userId().equals(userId);
      boolean teamAdmin = teams.findMember(dsl, teamId, caller.userId()).map(m -> Roles.has(m.roles(), Roles.TEAM_ADMIN)).orElse(false);
      if (!self && !teamAdmin && !caller.isSystemAdmin()) {
        throw ApiException.forbidden();
      }
      Set<String> audience = teams.memberUserIds(dsl, teamId);
      if (!teams.removeMember(dsl, teamId, userId, now)) {
        throw ApiException.badRequest("api.team.remove_user_from_team.missing.app_error",
            "This user doesn't appear to be part of this team.");
      }
      List<ClusterEvent> left = new ArrayList<>();
      for (Channel channel : channels.findForUser(dsl, userId, teamId, true)) {
        // The user's direct and group channels belong to no team: they stay.
        if (teamId.equals(channel.teamId()) && channels.deleteMember(dsl, channel.id(), userId)) {
          left.add(channelEvents.append(dsl, channel.id(), EventType.USER_REMOVED,
              Map.of("user_id", userId, "remover_id", caller.userId()), userId));
        }
      }
      // After the removals: the post goes to those who stay, as Mattermost's does.
      channels.findByName(dsl, teamId, NewChannels.DEFAULT_CHANNEL_NAME)
          .flatMap(square -> systemPosts.leftTeam(dsl, square.id(), caller.userId(), userId)).ifPresent(left::add);
      return new Departure(audience, left);
    }, Departure::channelEvents).thenAccept(departure -> events.publish(ClusterEvent.unpositioned(Ids.unique(),
        EventType.LEAVE_TEAM, events.jsonString(Map.of("user_id", userId, "team_id", teamId)), Broadcast.toTeam(teamId),
        departure.teamMembers())));
  }

  /** The team's members before the removal, and the channels' user_removed events. */
  private record Departure(Set<String> teamMembers, List<ClusterEvent> channelEvents) {}
}
