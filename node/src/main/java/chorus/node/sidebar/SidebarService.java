package chorus.node.sidebar;

import chorus.node.events.EventPublisher;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.channels.ChannelRepository;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.ReadPreference;
import chorus.persistence.users.PreferenceRepository;
import chorus.protocol.api.Channel;
import chorus.protocol.api.Preference;
import chorus.protocol.api.SidebarCategories;
import chorus.protocol.api.SidebarCategory;
import chorus.protocol.ws.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * A user's sidebar categories in a team ({@link DefaultCategories}). What a user may change is
 * what Chorus stores: which channels are favorites (the {@code favorite_channel} preference) and
 * which categories are collapsed (Chorus's own {@code sidebar_collapsed} preference, named by the
 * team's id, its value the collapsed categories' types separated by commas: a preference's
 * category and name hold at most 32 characters, too few for a category id). Muting, renaming, another sorting or order, and custom categories
 * are refused with a 400 rather than answered as if they were kept. Changes reach the user's other
 * sessions as {@code sidebar_category_updated}.
 */
public final class SidebarService {
  static final String FAVORITE_CHANNEL = "favorite_channel";
  static final String COLLAPSED = "sidebar_collapsed";
  private static final String INVALID = "app.channel.sidebar_categories.app_error";

  private final PersistencePool pool;
  private final ChannelRepository channels;
  private final PreferenceRepository preferences;
  private final EventPublisher events;

  public SidebarService(PersistencePool pool, ChannelRepository channels, PreferenceRepository preferences, EventPublisher events) {
    this.pool = pool;
    this.channels = channels;
    this.preferences = preferences;
    this.events = events;
  }

  public CompletionStage<SidebarCategories> categories(Caller caller, String userId, String teamId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> current(dsl, userId, teamId));
  }

  public CompletionStage<SidebarCategory> one(Caller caller, String userId, String teamId, String categoryId) {
    return categories(caller, userId, teamId).thenApply(sidebar -> find(sidebar, categoryId));
  }

  /** Applies each category's changes in one transaction, then tells the user's sessions. */
  public CompletionStage<List<SidebarCategory>> update(Caller caller, String userId, String teamId, List<SidebarCategory> changes) {
    caller.requireSelfOrAdmin(userId);
    return pool.write(dsl -> {
      SidebarCategories before = current(dsl, userId, teamId);
      Set<String> own = before.categories().stream().flatMap(c -> c.channelIds().stream()).collect(Collectors.toSet());
      for (SidebarCategory change : changes) {
        apply(dsl, userId, find(before, change.id()), change, own);
      }
      SidebarCategories after = current(dsl, userId, teamId);
      return changes.stream().map(change -> find(after, change.id())).toList();
    }).thenCompose(updated -> events.toUser(userId, EventType.SIDEBAR_CATEGORY_UPDATED,
        Map.of("updatedCategories", events.jsonString(updated))).thenApply(sent -> updated));
  }

  /** The order can only be the one Chorus keeps. */
  public CompletionStage<List<String>> order(Caller caller, String userId, String teamId, List<String> wanted) {
    return categories(caller, userId, teamId).thenApply(sidebar -> {
      if (!sidebar.order().equals(wanted)) {
        throw ApiException.badRequest(INVALID, "Chorus keeps the default order of the sidebar categories.");
      }
      return sidebar.order();
    });
  }

  private void apply(DSLContext dsl, String userId, SidebarCategory current, SidebarCategory change, Set<String> own) {
    if (change.muted() != current.muted() || !Objects.equals(nullToEmpty(change.sorting()), current.sorting())
        || (change.displayName() != null && !change.displayName().equals(current.displayName()))) {
      throw ApiException.badRequest(INVALID, "Chorus does not mute, rename or re-sort sidebar categories.");
    }
    List<String> wanted = change.channelIds() == null ? current.channelIds() : change.channelIds();
    if (!own.containsAll(wanted)) {
      throw ApiException.badRequest(INVALID, "A category can only hold the user's own channels.");
    }
    List<Preference> set = new ArrayList<>();
    List<Preference> unset = new ArrayList<>();
    if (DefaultCategories.FAVORITES.equals(current.type())) {
      wanted.stream().filter(id -> !current.channelIds().contains(id))
          .forEach(id -> set.add(new Preference(userId, FAVORITE_CHANNEL, id, "true")));
      current.channelIds().stream().filter(id -> !wanted.contains(id))
          .forEach(id -> unset.add(new Preference(userId, FAVORITE_CHANNEL, id, "true")));
    } else {
      // Moving a favorite here takes it out of Favorites; a channel of the wrong kind cannot come here.
      Set<String> favorites = new HashSet<>(favoriteIds(dsl, userId));
      wanted.stream().filter(favorites::contains).forEach(id -> unset.add(new Preference(userId, FAVORITE_CHANNEL, id, "true")));
    }
    if (change.collapsed() != current.collapsed()) {
      Set<String> types = collapsedTypes(dsl, userId, current.teamId());
      if (change.collapsed()) {
        types.add(current.type());
      } else {
        types.remove(current.type());
      }
      set.add(new Preference(userId, COLLAPSED, current.teamId(), String.join(",", new java.util.TreeSet<>(types))));
    }
    if (!set.isEmpty()) {
      preferences.upsert(dsl, set);
    }
    if (!unset.isEmpty()) {
      preferences.delete(dsl, unset);
    }
  }

  private SidebarCategories current(DSLContext dsl, String userId, String teamId) {
    List<Channel> mine = channels.findForUser(dsl, userId, teamId, false);
    Set<String> collapsed = collapsedTypes(dsl, userId, teamId).stream().map(type -> DefaultCategories.id(type, userId, teamId))
        .collect(Collectors.toSet());
    return DefaultCategories.of(userId, teamId, mine, new HashSet<>(favoriteIds(dsl, userId)), collapsed);
  }

  private Set<String> collapsedTypes(DSLContext dsl, String userId, String teamId) {
    return preferences.find(dsl, userId, COLLAPSED, teamId).map(p -> p.value().isEmpty() ? new HashSet<String>()
        : new HashSet<>(List.of(p.value().split(",")))).orElseGet(HashSet::new);
  }

  private List<String> favoriteIds(DSLContext dsl, String userId) {
    return preferences.findForUser(dsl, userId, FAVORITE_CHANNEL).stream().filter(p -> "true".equals(p.value()))
        .map(Preference::name).toList();
  }

  private static SidebarCategory find(SidebarCategories sidebar, String categoryId) {
    return sidebar.categories().stream().filter(c -> c.id().equals(categoryId)).findFirst()
        .orElseThrow(() -> ApiException.notFound(INVALID, "Unable to find the sidebar category."));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
