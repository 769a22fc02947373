package chorus.node.preferences;

import chorus.node.events.EventPublisher;
import chorus.node.http.ApiException;
import chorus.node.http.Caller;
import chorus.persistence.pool.PersistencePool;
import chorus.persistence.users.PreferenceRepository;
import chorus.protocol.api.Preference;
import chorus.protocol.ws.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.jooq.DSLContext;

/**
 * A user's preferences. Writes go to the primary and are then announced to the user's other
 * sessions ({@code preferences_changed} / {@code preferences_deleted}, data {@code preferences}
 * as a JSON string, as Mattermost sends them), so a change made in one app shows in the others.
 */
public final class PreferenceService {
  private final PersistencePool pool;
  private final PreferenceRepository preferences;
  private final EventPublisher events;

  public PreferenceService(PersistencePool pool, PreferenceRepository preferences, EventPublisher events) {
    this.pool = pool;
    this.preferences = preferences;
    this.events = events;
  }

  public CompletionStage<List<Preference>> all(Caller caller, String userId) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> preferences.findForUser(dsl, userId));
  }

  public CompletionStage<List<Preference>> inCategory(Caller caller, String userId, String category) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> preferences.findForUser(dsl, userId, category));
  }

  public CompletionStage<Preference> one(Caller caller, String userId, String category, String name) {
    caller.requireSelfOrAdmin(userId);
    return pool.read(caller.ownReads(), dsl -> preferences.find(dsl, userId, category, name)
        .orElseThrow(() -> ApiException.notFound("app.preference.get.app_error", "Unable to find preference.")));
  }

  public CompletionStage<Void> save(Caller caller, String userId, List<Preference> batch) {
    return change(caller, userId, batch, "api.preference.update_preferences.set.app_error", preferences::upsert,
        EventType.PREFERENCES_CHANGED);
  }

  public CompletionStage<Void> delete(Caller caller, String userId, List<Preference> batch) {
    return change(caller, userId, batch, "api.preference.delete_preferences.delete.app_error", preferences::delete,
        EventType.PREFERENCES_DELETED);
  }

  /** Checks the batch, applies {@code write} to it on the primary, then tells the user's sessions. */
  private CompletionStage<Void> change(Caller caller, String userId, List<Preference> batch, String forbiddenId,
      BiConsumer<DSLContext, List<Preference>> write, String event) {
    caller.requireSelfOrAdmin(userId);
    PreferenceRules.check(userId, batch, forbiddenId);
    List<Preference> unique = lastOfEachKey(batch);
    return pool.write(dsl -> {
      write.accept(dsl, unique);
      return null;
    }).thenCompose(done -> announce(userId, event, unique));
  }

  /** One statement cannot write a key twice; the last value given for a key is the one meant. */
  private static List<Preference> lastOfEachKey(List<Preference> batch) {
    Map<List<String>, Preference> byKey = new LinkedHashMap<>();
    batch.forEach(p -> byKey.put(List.of(p.category(), p.name()), p));
    return new ArrayList<>(byKey.values());
  }

  private CompletionStage<Void> announce(String userId, String event, List<Preference> changed) {
    return events.toUser(userId, event, Map.of("preferences", events.jsonString(changed)));
  }
}
