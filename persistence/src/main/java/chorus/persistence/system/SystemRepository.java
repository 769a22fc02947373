package chorus.persistence.system;

import static chorus.persistence.jooq.Tables.SYSTEMS;

import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Queries on {@code systems}, the cluster-wide key/value facts (the install's diagnostic id,
 * first-start time, ...). {@link #putIfAbsent} lets nodes starting together agree on a
 * value: whichever inserts first wins and the others read it back.
 */
public final class SystemRepository {

  public Optional<String> get(DSLContext dsl, String name) {
    return dsl.select(SYSTEMS.VALUE).from(SYSTEMS).where(SYSTEMS.NAME.eq(name)).fetchOptional(SYSTEMS.VALUE);
  }

  public void put(DSLContext dsl, String name, String value) {
    dsl.insertInto(SYSTEMS)
        .set(SYSTEMS.NAME, name)
        .set(SYSTEMS.VALUE, value)
        .onConflict(SYSTEMS.NAME)
        .doUpdate()
        .set(SYSTEMS.VALUE, value)
        .execute();
  }

  /** Stores the value unless the name is taken; true when this call stored it. */
  public boolean putIfAbsent(DSLContext dsl, String name, String value) {
    return dsl.insertInto(SYSTEMS)
        .set(SYSTEMS.NAME, name)
        .set(SYSTEMS.VALUE, value)
        .onConflictDoNothing()
        .execute() > 0;
  }
}
