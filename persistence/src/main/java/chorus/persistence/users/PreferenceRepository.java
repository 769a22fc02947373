package chorus.persistence.users;

import static chorus.persistence.jooq.Tables.PREFERENCES;

import chorus.persistence.jooq.tables.records.PreferencesRecord;
import chorus.protocol.api.Preference;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Row3;
import org.jooq.impl.DSL;

/** Queries on {@code preferences}; a write of an existing key replaces its value. */
public final class PreferenceRepository {

  public List<Preference> findForUser(DSLContext dsl, String userId) {
    return dsl.selectFrom(PREFERENCES).where(PREFERENCES.USER_ID.eq(userId))
        .orderBy(PREFERENCES.CATEGORY, PREFERENCES.NAME).fetch(PreferenceRepository::toPreference);
  }

  public List<Preference> findForUser(DSLContext dsl, String userId, String category) {
    return dsl.selectFrom(PREFERENCES).where(PREFERENCES.USER_ID.eq(userId).and(PREFERENCES.CATEGORY.eq(category)))
        .orderBy(PREFERENCES.NAME).fetch(PreferenceRepository::toPreference);
  }

  public Optional<Preference> find(DSLContext dsl, String userId, String category, String name) {
    return dsl.selectFrom(PREFERENCES)
        .where(PREFERENCES.USER_ID.eq(userId).and(PREFERENCES.CATEGORY.eq(category)).and(PREFERENCES.NAME.eq(name)))
        .fetchOptional().map(PreferenceRepository::toPreference);
  }

  /** Inserts or replaces each, in one statement, so a batch is stored whole or not at all. */
  public void upsert(DSLContext dsl, List<Preference> preferences) {
    if (preferences.isEmpty()) {
      return;
    }
    var insert = dsl.insertInto(PREFERENCES, PREFERENCES.USER_ID, PREFERENCES.CATEGORY, PREFERENCES.NAME, PREFERENCES.VALUE);
    for (Preference p : preferences) {
      insert = insert.values(p.userId(), p.category(), p.name(), p.value());
    }
    insert.onConflict(PREFERENCES.USER_ID, PREFERENCES.CATEGORY, PREFERENCES.NAME)
        .doUpdate().set(PREFERENCES.VALUE, DSL.excluded(PREFERENCES.VALUE))
        .execute();
  }

  public void delete(DSLContext dsl, List<Preference> preferences) {
    if (preferences.isEmpty()) {
      return;
    }
    List<Row3<String, String, String>> keys = preferences.stream()
        .map(p -> DSL.row(p.userId(), p.category(), p.name()))
        .toList();
    dsl.deleteFrom(PREFERENCES)
        .where(DSL.row(PREFERENCES.USER_ID, PREFERENCES.CATEGORY, PREFERENCES.NAME).in(keys))
        .execute();
  }

  private static Preference toPreference(PreferencesRecord row) {
    return new Preference(row.getUserId(), row.getCategory(), row.getName(), row.getValue());
  }
}
