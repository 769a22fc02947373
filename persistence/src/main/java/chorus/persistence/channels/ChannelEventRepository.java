package chorus.persistence.channels;

import static chorus.persistence.jooq.Tables.CHANNELS;
import static chorus.persistence.jooq.Tables.CHANNEL_EVENTS;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The channels' event logs ({@code channel_events}) and their heads
 * ({@code channels.last_event_position}). A position is taken by an UPDATE of the channel's
 * row, so it holds that row's lock until the transaction ends: positions of one channel are
 * gapless in commit order, whichever node writes them.
 */
public final class ChannelEventRepository {
  private static final String MEMBERSHIP = """
      SELECT c.last_event_position,
             ARRAY(SELECT m.user_id FROM channel_members m WHERE m.channel_id = c.id),
             e.positions, e.subjects, e.kinds
        FROM channels c
       CROSS JOIN LATERAL (
             SELECT coalesce(array_agg(position ORDER BY position), '{}') AS positions,
                    coalesce(array_agg(subject_user_id ORDER BY position), '{}') AS subjects,
                    coalesce(array_agg(event ORDER BY position), '{}') AS kinds
               FROM channel_events
              WHERE channel_id = c.id AND position > ? AND subject_user_id <> '') e
       WHERE c.id = ?
      """;

  /** Milliseconds on the database's clock, the clock {@code create_at} is written with. */
  private static final Field<Long> DB_NOW =
      DSL.field("(extract(epoch from clock_timestamp()) * 1000)::bigint", Long.class);

  /**
   * The channel's next event position; locks the channel's row. Posts take theirs with the
   * post clock instead ({@link ChannelRepository#advancePostClock}).
   *
   * @return the position, or 0 when the channel does not exist
   */
  public long nextPosition(DSLContext dsl, String channelId) {
    return dsl.update(CHANNELS)
        .set(CHANNELS.LAST_EVENT_POSITION, CHANNELS.LAST_EVENT_POSITION.plus(1L))
        .where(CHANNELS.ID.eq(channelId))
        .returning(CHANNELS.LAST_EVENT_POSITION)
        .fetchOptional(CHANNELS.LAST_EVENT_POSITION)
        .orElse(0L);
  }

  /** Stores an event at the position the same transaction took. */
  public void insert(DSLContext dsl, String channelId, long position, String id, String event, String subjectUserId, String data) {
    dsl.insertInto(CHANNEL_EVENTS)
        .set(CHANNEL_EVENTS.CHANNEL_ID, channelId)
        .set(CHANNEL_EVENTS.POSITION, position)
        .set(CHANNEL_EVENTS.ID, id)
        .set(CHANNEL_EVENTS.EVENT, event)
        .set(CHANNEL_EVENTS.SUBJECT_USER_ID, subjectUserId)
        .set(CHANNEL_EVENTS.DATA, data)
        .execute();
  }

  /** Events of the channel after {@code afterPosition}, in position order, at most {@code limit}. */
  public List<StoredChannelEvent> after(DSLContext dsl, String channelId, long afterPosition, int limit) {
    return dsl.selectFrom(CHANNEL_EVENTS)
        .where(CHANNEL_EVENTS.CHANNEL_ID.eq(channelId))
        .and(CHANNEL_EVENTS.POSITION.gt(afterPosition))
        .orderBy(CHANNEL_EVENTS.POSITION)
        .limit(limit)
        .fetch(row -> new StoredChannelEvent(row.getChannelId(), row.getPosition(), row.getId(), row.getEvent(),
            row.getSubjectUserId(), row.getData(), row.getCreateAt()));
  }

  /**
   * The channel's members and last position with its joins and leaves after
   * {@code changesAfter}, in one statement: a join or leave commits together with its event, so
   * the three agree. An unknown channel has position 0 and no members.
   */
  public ChannelMembership membership(DSLContext dsl, String channelId, long changesAfter) {
    return dsl.connectionResult(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(MEMBERSHIP)) {
        statement.setLong(1, changesAfter);
        statement.setString(2, channelId);
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            return new ChannelMembership(0, Set.of(), List.of());
          }
          Set<String> members = Set.of((String[]) row.getArray(2).getArray());
          Long[] positions = (Long[]) row.getArray(3).getArray();
          String[] subjects = (String[]) row.getArray(4).getArray();
          String[] kinds = (String[]) row.getArray(5).getArray();
          List<StoredChannelEvent> changes = new ArrayList<>(positions.length);
          for (int i = 0; i < positions.length; i++) {
            changes.add(new StoredChannelEvent(channelId, positions[i], "", kinds[i], subjects[i], "", 0));
          }
          return new ChannelMembership(row.getLong(1), members, changes);
        }
      }
    });
  }

  /** Every channel's last position, for the channels that have any event. */
  public Map<String, Long> heads(DSLContext dsl) {
    Map<String, Long> heads = new HashMap<>();
    dsl.select(CHANNELS.ID, CHANNELS.LAST_EVENT_POSITION).from(CHANNELS)
        .where(CHANNELS.LAST_EVENT_POSITION.gt(0L))
        .forEach(row -> heads.put(row.value1(), row.value2()));
    return heads;
  }

  /**
   * Channels with an event in the last {@code windowMillis}: their last position and how long
   * ago it was stored, both on the database's clock.
   */
  public List<RecentHead> recentHeads(DSLContext dsl, long windowMillis) {
    Field<Long> newest = DSL.max(CHANNEL_EVENTS.CREATE_AT).as("newest");
    Field<Long> last = DSL.max(CHANNEL_EVENTS.POSITION).as("last");
    return dsl.select(CHANNEL_EVENTS.CHANNEL_ID, last, newest, DB_NOW.as("now"))
        .from(CHANNEL_EVENTS)
        .where(CHANNEL_EVENTS.CREATE_AT.gt(DB_NOW.minus(windowMillis)))
        .groupBy(CHANNEL_EVENTS.CHANNEL_ID)
        .fetch(row -> new RecentHead(row.value1(), row.value2(), row.get("now", Long.class) - row.value3()));
  }

  /** A channel's last position and the age of its newest event. */
  public record RecentHead(String channelId, long position, long ageMillis) {}

  /** Deletes events stored more than {@code ageMillis} ago; answers how many. */
  public int pruneOlderThan(DSLContext dsl, long ageMillis) {
    return dsl.deleteFrom(CHANNEL_EVENTS).where(CHANNEL_EVENTS.CREATE_AT.lt(DB_NOW.minus(ageMillis))).execute();
  }
}
