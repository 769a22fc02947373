package chorus.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** V8 gives the threads that existed before it their counters and followers. */
class ThreadsBackfillTest {
  @RegisterExtension
  static final TestDatabase db = new TestDatabase();

  @Test
  void repliesMadeBeforeTheMigrationAreCounted(@TempDir Path beforeThreads) throws Exception {
    try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "db", "migration"))) {
      for (Path file : files.filter(f -> version(f) < 8).toList()) {
        Files.copy(file, beforeThreads.resolve(file.getFileName()));
      }
    }
    String name = "threads_" + System.nanoTime();
    db.dsl().execute("CREATE DATABASE " + name);
    JdbcTarget fresh = new JdbcTarget(db.database().jdbcUrl().replace("/postgres", "/" + name), EmbeddedDatabase.USER, "");
    try (HikariDataSource pool = ConnectionPools.create("backfill", fresh, TestDatabase.settings(2))) {
      Migrations.migrate(pool, "filesystem:" + beforeThreads);
      DSLContext dsl = DSL.using(pool, SQLDialect.POSTGRES);
      dsl.execute("INSERT INTO channels (id, create_at, update_at, team_id, type, name) VALUES ('c', 1, 1, 't', 'O', 'c')");
      post(dsl, "root", "", "author", 1);
      post(dsl, "r1", "root", "alice", 2);
      post(dsl, "r2", "root", "bob", 3);
      post(dsl, "r3", "root", "alice", 4);
      dsl.execute("INSERT INTO posts (id, create_at, update_at, delete_at, user_id, channel_id, root_id)"
          + " VALUES ('gone', 5, 5, 6, 'carol', 'c', 'root')");
      post(dsl, "lonely", "", "author", 7);

      Migrations.migrate(pool);

      Record thread = dsl.fetchOne("SELECT reply_count, last_reply_at, jsonb_array_length(participants) FROM threads"
          + " WHERE post_id = 'root'");
      assertThat(List.of(thread.get(0, Long.class), thread.get(1, Long.class), thread.get(2, Long.class)))
          .as("the live replies of two users").containsExactly(3L, 4L, 2L);
      assertThat(dsl.fetchCount(DSL.table("threads"))).as("a post without replies is no thread").isEqualTo(1);
      assertThat(dsl.fetch("SELECT user_id, last_viewed FROM thread_memberships ORDER BY user_id")
          .map(r -> r.get(0, String.class) + "@" + r.get(1, Long.class)))
          .containsExactly("alice@4", "author@0", "bob@3");
    }
  }

  private static void post(DSLContext dsl, String id, String rootId, String userId, long at) {
    dsl.execute("INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id) VALUES (?, ?, ?, ?, 'c', ?)",
        id, at, at, userId, rootId);
  }

  private static int version(Path migration) {
    String name = migration.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}
