package chorus.node.database;

import chorus.node.config.LiveConfig;
import chorus.persistence.datasources.DataSources;
import chorus.persistence.datasources.SourcePlan;
import chorus.persistence.db.JdbcTarget;
import chorus.persistence.db.PostgresUrl;
import chorus.protocol.config.ChorusConfig;
import chorus.protocol.config.SqlSettings;
import java.util.Optional;

/**
 * Turns {@code SqlSettings} into the data sources to open, and keeps them in step with the
 * live configuration: a reload that changed {@code SqlSettings} swaps the sources (new primary,
 * replica lists, pool sizes, lag limit); one that did not keeps every pool.
 *
 * <p>An empty {@code DataSource} means the embedded database, which exists only if the node
 * started on it: switching from an external primary to the embedded one needs a restart, and a
 * reload that asks for it is refused.
 */
public final class DataSourcePlans implements LiveConfig.Listener {
  private final DataSources sources;
  private final Optional<JdbcTarget> embedded;

  public DataSourcePlans(DataSources sources, Optional<JdbcTarget> embedded) {
    this.sources = sources;
    this.embedded = embedded;
  }

  public static SourcePlan plan(SqlSettings sql, Optional<JdbcTarget> embedded) {
    JdbcTarget primary;
    if (sql.isEmbedded()) {
      primary = embedded.orElseThrow(() -> new IllegalStateException(
          "SqlSettings.DataSource: the embedded database is not running on this node; switching to it needs a restart"));
    } else {
      primary = PostgresUrl.parse(sql.dataSource());
    }
    return new SourcePlan(primary,
        sql.dataSourceReplicas().stream().map(PostgresUrl::parse).toList(),
        sql.dataSourceSearchReplicas().stream().map(PostgresUrl::parse).toList(),
        sql);
  }

  @Override
  public void configChanged(ChorusConfig previous, ChorusConfig current) {
    if (!previous.sqlSettings().equals(current.sqlSettings())) {
      sources.apply(plan(current.sqlSettings(), embedded));
    }
  }
}
