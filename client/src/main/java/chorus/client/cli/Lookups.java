package chorus.client.cli;

import chorus.client.ApiCallException;
import chorus.client.ChorusClient;
import chorus.protocol.api.Channel;
import chorus.protocol.api.Team;
import chorus.protocol.api.User;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * mmctl's argument rules: a user is an e-mail, a username or an id; a team a name or an id;
 * a channel {@code team:channel} or an id. Chorus has no lookup by username, e-mail or team
 * name yet, so names are found in the lists the caller may read: users by paging
 * {@code GET /users}, teams among the caller's teams, channels among the caller's channels
 * of that team.
 */
final class Lookups {
  private static final Pattern ID = Pattern.compile("[a-z0-9]{26}");
  private static final int PAGE = 200;
  private final ChorusClient client;

  Lookups(ChorusClient client) {
    this.client = client;
  }

  User user(String arg) {
    return findUser(arg).orElseThrow(() -> new CliException("user " + arg + " not found"));
  }

  Optional<User> findUser(String arg) {
    if (ID.matcher(arg).matches()) {
      try {
        return Optional.of(client.getUser(arg));
      } catch (ApiCallException notAnId) {
        if (notAnId.status() != 404 && notAnId.status() != 400) {
          throw notAnId;
        }
      }
    }
    boolean email = arg.contains("@");
    for (int page = 0; ; page++) {
      List<User> users = client.listUsers(page, PAGE);
      for (User user : users) {
        if (email ? arg.equalsIgnoreCase(user.email()) : arg.equalsIgnoreCase(user.username())) {
          return Optional.of(user);
        }
      }
      if (users.size() < PAGE) {
        return Optional.empty();
      }
    }
  }

  Team team(String arg) {
    if (ID.matcher(arg).matches()) {
      try {
        return client.getTeam(arg);
      } catch (ApiCallException notAnId) {
        if (notAnId.status() != 404 && notAnId.status() != 400 && notAnId.status() != 403) {
          throw notAnId;
        }
      }
    }
    // The caller's own teams first: a private team is not in a non-admin's list of all teams.
    return client.teamsOf("me").stream().filter(t -> t.name().equals(arg)).findFirst()
        .or(() -> client.allTeams().stream().filter(t -> t.name().equals(arg)).findFirst())
        .orElseThrow(() -> new CliException("unable to find team '" + arg + "'"));
  }

  /** {@code team:channel} or a channel id. */
  Channel channel(String arg) {
    int colon = arg.indexOf(':');
    if (colon < 0) {
      try {
        return client.getChannel(arg);
      } catch (ApiCallException e) {
        throw new CliException("unable to find channel '" + arg + "': " + e.serverMessage());
      }
    }
    Team team = team(arg.substring(0, colon));
    String name = arg.substring(colon + 1);
    return client.channelsOf("me", team.id(), true).stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new CliException("unable to find channel '" + arg + "'"));
  }
}
