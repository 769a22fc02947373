package chorus.node.channels;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import chorus.node.http.ApiContext;
import chorus.node.http.ApiDirectives;
import chorus.protocol.api.AddChannelMembersRequest;
import chorus.protocol.api.StatusOk;
import chorus.protocol.api.CreateChannelRequest;
import chorus.protocol.api.PatchChannelRequest;
import chorus.protocol.api.ViewChannelRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.StringUnmarshallers;

/** {@code /channels} (with group messages, patches and archiving) and a user's channels in a team. */
public final class ChannelRoutes extends ApiDirectives {
  private final ChannelService channels;
  private final ChannelChanges changes;
  private final GroupChannels groups;

  public ChannelRoutes(ApiContext context, ChannelService channels, ChannelChanges changes, GroupChannels groups) {
    super(context);
    this.channels = channels;
    this.changes = changes;
    this.groups = groups;
  }

  public Route routes() {
    return concat(
        pathPrefix("channels", () -> concat(
            pathEnd(() -> post(() -> authenticated(caller -> jsonBody(CreateChannelRequest.class, body ->
                respondCreated(channels.create(caller, body)))))),
            path("direct", () -> post(() -> authenticated(caller -> jsonList(String.class, userIds ->
                respondCreated(channels.direct(caller, userIds)))))),
            path("group", () -> post(() -> authenticated(caller -> jsonList(String.class, userIds ->
                respondCreated(groups.findOrCreate(caller, userIds)))))),
            path(segment("members").slash(segment()).slash("view"), userId -> validUserId(userId, () -> post(() -> authenticated(caller ->
                jsonBody(ViewChannelRequest.class, body -> respondOk(channels.view(caller, caller.resolve(userId), body))))))),
            pathPrefix(segment(), channelId -> validId(channelId, "channel_id", () -> concat(
                pathEnd(() -> concat(
                    get(() -> authenticated(caller -> respondOk(channels.get(caller, channelId)))),
                    delete(() -> authenticated(caller -> respondOk(changes.archive(caller, channelId).thenApply(done -> StatusOk.OK)))))),
                path("patch", () -> put(() -> authenticated(caller -> jsonBody(PatchChannelRequest.class, body ->
                    respondOk(changes.patch(caller, channelId, body)))))),
                path("restore", () -> post(() -> authenticated(caller -> respondOk(changes.restore(caller, channelId))))),
                path("members", () -> post(() -> authenticated(caller -> jsonBody(AddChannelMembersRequest.class, body ->
                    respondCreated(channels.addMembers(caller, channelId, body)))))),
                path(segment("members").slash(segment()), userId -> validUserId(userId, () -> delete(() -> authenticated(caller ->
                    respondOk(channels.removeMember(caller, channelId, caller.resolve(userId)).thenApply(done -> StatusOk.OK))))))))))),
        pathPrefix(segment("users").slash(segment()).slash("teams").slash(segment()).slash("channels"), (userId, teamId) ->
            validUserId(userId, () -> validId(teamId, "team_id", () -> concat(
                pathEnd(() -> get(() -> authenticated(caller ->
                    parameterOptional(StringUnmarshallers.BOOLEAN, "include_deleted", includeDeleted ->
                        respondOk(channels.channelsOf(caller, caller.resolve(userId), teamId, includeDeleted.orElse(false))))))),
                path("members", () -> get(() -> authenticated(caller ->
                    respondOk(channels.membersOf(caller, caller.resolve(userId), teamId))))))))));
  }
}
