package chorus.client.cli;

import chorus.client.ChorusClient;
import chorus.protocol.api.Channel;
import chorus.protocol.api.CreatePostRequest;
import chorus.protocol.api.Post;
import chorus.protocol.api.PostList;
import chorus.protocol.api.User;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mmctl post}: write a post as the signed-in user, and read a channel's latest posts. */
@Command(name = "post", description = "Management of posts", subcommands = {PostCommand.Create.class, PostCommand.ListPosts.class})
final class PostCommand {

  @Command(name = "create", description = "Create a post")
  static final class Create implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "channel") String channel;
    @Option(names = {"-m", "--message"}, required = true, description = "Message for the post") String message;
    @Option(names = {"-r", "--reply-to"}, description = "Post id to reply to") String replyTo;

    Create(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      ChorusClient client = cli.client();
      Channel target = cli.lookups(client).channel(channel);
      Post post = client.createPost(new CreatePostRequest(target.id(), message, replyTo == null ? "" : replyTo, null, null, null,
          null, null));
      cli.output().print(post, p -> null);
      return 0;
    }
  }

  @Command(name = "list", description = "List posts for a channel, oldest first (--follow is not supported)")
  static final class ListPosts implements Callable<Integer> {
    private final Cli cli;
    @Parameters(index = "0", paramLabel = "channel") String channel;
    @Option(names = {"-n", "--number"}, defaultValue = "20", description = "Number of messages to list") int number;
    @Option(names = {"-s", "--since"}, description = "List messages posted after a certain time (ISO 8601)") String since;
    @Option(names = {"-f", "--follow"}, description = "Not supported by Chorus's mmctl (needs the WebSocket)") boolean follow;
    @Option(names = {"-i", "--show-ids"}, description = "Show posts ids") boolean showIds;

    ListPosts(Cli cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      if (follow) {
        throw new CliException("--follow is not supported by Chorus's mmctl");
      }
      ChorusClient client = cli.client();
      Channel target = cli.lookups(client).channel(channel);
      PostList list = since == null ? client.channelPosts(target.id(), 0, number) : client.channelPostsSince(target.id(), millis(since));
      List<Post> posts = new ArrayList<>();
      list.order().forEach(id -> posts.add(list.posts().get(id)));
      if (since != null) {
        posts.sort((a, b) -> Long.compare(b.createAt(), a.createAt()));
      }
      Collections.reverse(posts);
      List<String> userIds = posts.stream().map(Post::userId).distinct().toList();
      Map<String, String> names = userIds.isEmpty() ? Map.of()
          : client.getUsersByIds(userIds).stream().collect(Collectors.toMap(User::id, User::username));
      Function<Post, String> plain = p -> (showIds ? p.id() + " " : "") + "[" + names.getOrDefault(p.userId(), p.userId()) + "] "
          + p.message();
      posts.forEach(p -> cli.output().print(p, plain));
      return 0;
    }

    private static long millis(String iso) {
      try {
        return Instant.parse(iso).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new CliException("invalid time for --since (ISO 8601, e.g. 2024-01-31T12:00:00Z): " + iso);
      }
    }
  }
}
