package chorus.persistence.datasources;

/** What a data source is for, as configured: {@code DataSource}, {@code DataSourceReplicas} or {@code DataSourceSearchReplicas}. */
public enum SourceRole {
  PRIMARY,
  REPLICA,
  SEARCH_REPLICA
}
