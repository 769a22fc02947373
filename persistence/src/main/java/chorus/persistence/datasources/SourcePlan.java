package chorus.persistence.datasources;

import chorus.persistence.db.JdbcTarget;
import chorus.protocol.config.SqlSettings;
import java.util.List;
import java.util.Objects;

/**
 * Which data sources to open and how: the resolved {@code SqlSettings} (the primary may be
 * the embedded database, whose address only the node knows). Two equal plans open equal sets,
 * so a reload that changed nothing here keeps the pools it has.
 */
public record SourcePlan(JdbcTarget primary, List<JdbcTarget> replicas, List<JdbcTarget> searchReplicas, SqlSettings settings) {
  public SourcePlan {
    Objects.requireNonNull(primary, "primary");
    replicas = List.copyOf(replicas);
    searchReplicas = List.copyOf(searchReplicas);
    Objects.requireNonNull(settings, "settings");
  }
}
