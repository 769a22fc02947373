package chorus.persistence.posts;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import chorus.persistence.TestRecords;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.users.UserRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.Post;
import chorus.protocol.api.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Search over a fixed set of posts: who may see what, and each part of the search syntax. */
class PostSearchTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  private static final PostRepository posts = new PostRepository();
  private static final ChannelRepository channels = new ChannelRepository();
  private static final UserRepository users = new UserRepository();

  private static final String TEAM = TestRecords.id();
  private static final String OTHER_TEAM = TestRecords.id();
  private static User searcher;
  private static User bob;
  private static User carol;
  private static Channel town;
  private static Channel dev;
  private static Post fox;
  private static Post deploying;
  private static Post notes;
  private static Post outOfOffice;
  private static Post otherTeamParty;
  private static Post directChecklist;
  private static Post officeParty;

  @BeforeAll
  static void writePosts() {
    searcher = user("searcher");
    bob = user("bob");
    carol = user("carol");
    town = channel(TEAM, Channel.OPEN, "town");
    dev = channel(TEAM, Channel.OPEN, "dev");
    Channel secret = channel(TEAM, Channel.PRIVATE, "secret");
    Channel elsewhere = channel(OTHER_TEAM, Channel.OPEN, "elsewhere");
    Channel direct = new Channel(TestRecords.id(), 1, 1, 0, "", Channel.DIRECT, "", Channel.directName(searcher.id(), bob.id()),
        "", "", 0, 0, 0, "", null, null, null, false, 0, null, 0);
    channels.insert(db.dsl(), direct);
    for (Channel channel : List.of(town, dev, elsewhere, direct)) {
      channels.insertMember(db.dsl(), TestRecords.channelMember(channel.id(), searcher.id()));
    }

    fox = post(town, searcher, "2024-03-10T10:00:00Z", "the quick brown fox");
    deploying = post(town, bob, "2024-03-11T10:00:00Z", "Deploying the release today");
    notes = post(dev, bob, "2024-03-12T10:00:00Z", "release notes are ready");
    outOfOffice = post(dev, carol, "2024-03-12T23:30:00Z", "out of office until monday");
    post(secret, bob, "2024-03-12T11:00:00Z", "release secret plan");
    otherTeamParty = post(elsewhere, carol, "2024-03-12T12:00:00Z", "release party");
    directChecklist = post(direct, bob, "2024-03-13T10:00:00Z", "release checklist for you");
    Post deleted = post(town, bob, "2024-03-13T11:00:00Z", "release that was deleted");
    posts.softDelete(db.dsl(), deleted.id(), deleted.createAt() + 1);
    Post system = new Post(TestRecords.id(), millis("2024-03-13T12:00:00Z"), 1, 0, 0, false, bob.id(), town.id(), "", "",
        "release joined the channel", "system_join_channel", Map.of(), "", List.of(), "", 0, 0, null, Map.of());
    posts.insert(db.dsl(), system);
    officeParty = post(town, searcher, "2024-03-14T10:00:00Z", "office party plans");
  }

  private static User user(String base) {
    User user = TestRecords.user(TestRecords.username(base));
    users.insert(db.dsl(), user, "h");
    return user;
  }

  private static Channel channel(String team, String type, String base) {
    Channel channel = TestRecords.channel(team, type, base + "-" + TestRecords.id().substring(0, 6));
    channels.insert(db.dsl(), channel);
    return channel;
  }

  private static Post post(Channel channel, User author, String at, String message) {
    Post post = TestRecords.post(channel.id(), author.id(), millis(at), message);
    posts.insert(db.dsl(), post);
    return post;
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static List<Post> search(String terms) {
    return posts.search(db.dsl(), PostSearch.of(searcher.id(), TEAM, terms, 0, 100));
  }

  private static List<Post> search(String teamId, String terms, boolean or, int offsetSeconds) {
    return posts.search(db.dsl(),
        new PostSearch(searcher.id(), teamId, SearchTerms.parse(terms), List.of(), List.of(), or, offsetSeconds, 0, 100));
  }

  @Test
  void onlyLivePostsInTheUsersChannelsOfTheTeamAndDirectChannelsNewestFirst() {
    assertThat(search("release")).containsExactly(directChecklist, notes, deploying);
  }

  @Test
  void allTeamsWhenTheTeamIsEmpty() {
    assertThat(search("", "release", false, 0)).containsExactly(directChecklist, otherTeamParty, notes, deploying);
  }

  @Test
  void wordsAreAllRequiredUnlessOrSearch() {
    assertThat(search("release notes")).containsExactly(notes);
    assertThat(search("RELEASE Notes")).containsExactly(notes);
    assertThat(search(TEAM, "fox notes", true, 0)).containsExactly(notes, fox);
    assertThat(search("fox notes")).isEmpty();
  }

  @Test
  void phrasesMatchWordsInOrder() {
    assertThat(search("\"out of office\"")).containsExactly(outOfOffice);
    assertThat(search("\"office of out\"")).isEmpty();
    assertThat(search("\"quick brown\" fox")).containsExactly(fox);
  }

  @Test
  void prefixes() {
    assertThat(search("deploy*")).containsExactly(deploying);
    assertThat(search("rel*")).containsExactly(directChecklist, notes, deploying);
    assertThat(search("deploy")).isEmpty();
  }

  @Test
  void exclusions() {
    assertThat(search("release -notes")).containsExactly(directChecklist, deploying);
    assertThat(search("office -\"out of office\"")).containsExactly(officeParty);
    assertThat(search("release -check*")).containsExactly(notes, deploying);
  }

  @Test
  void fromLimitsAuthors() {
    assertThat(search("from:" + bob.username() + " release")).containsExactly(directChecklist, notes, deploying);
    assertThat(search("from:@" + carol.username())).containsExactly(outOfOffice);
    assertThat(search("-from:" + carol.username() + " office")).containsExactly(officeParty);
    assertThat(search("from:nobody-at-all release")).isEmpty();
  }

  @Test
  void inLimitsChannels() {
    assertThat(search("in:" + dev.name() + " release")).containsExactly(notes);
    assertThat(search("channel:" + town.name() + " release")).containsExactly(deploying);
    assertThat(search("in:@" + bob.username() + " release")).containsExactly(directChecklist);
    assertThat(search("-in:" + dev.name() + " release")).containsExactly(directChecklist, deploying);
    assertThat(search("in:no-such-channel release")).isEmpty();
  }

  @Test
  void datesAreWholeDaysInTheUsersOffset() {
    assertThat(search("release before:2024-03-12")).containsExactly(deploying);
    assertThat(search("release after:2024-03-11")).containsExactly(directChecklist, notes);
    assertThat(search("release on:2024-03-12")).containsExactly(notes);
    assertThat(search(TEAM, "office on:2024-03-13", false, 0)).isEmpty();
    assertThat(search(TEAM, "office on:2024-03-13", false, 3600)).containsExactly(outOfOffice);
    assertThat(search(TEAM, "office on:2024-03-12", false, -3600)).containsExactly(outOfOffice);
  }

  @Test
  void flagsAloneSearchWithoutText() {
    assertThat(search("", "from:" + carol.username(), false, 0)).containsExactly(outOfOffice, otherTeamParty);
    assertThat(search("on:2024-03-10")).containsExactly(fox);
  }

  @Test
  void idsGivenByTheCallerLimitToo() {
    PostSearch byIds = new PostSearch(searcher.id(), TEAM, SearchTerms.parse("office"), List.of(carol.id()),
        List.of(dev.id()), false, 0, 0, 100);

    assertThat(posts.search(db.dsl(), byIds)).containsExactly(outOfOffice);
  }

  @Test
  void pages() {
    assertThat(posts.search(db.dsl(), PostSearch.of(searcher.id(), TEAM, "release", 1, 1))).containsExactly(notes);
  }

  @Test
  void nothingAskedFindsNothing() {
    assertThat(search("")).isEmpty();
    assertThat(search("   * - ")).isEmpty();
  }

  @Test
  void searchSyntaxCannotEscapeItsBindValues() {
    assertThat(search("'); DROP TABLE posts; -- \"a' & b\" x:* !y | (z")).isEmpty();
    assertThat(search("release")).hasSize(3);
  }
}
