package chorus.persistence.pool;

import chorus.persistence.datasources.DataSources;
import chorus.persistence.datasources.Source;
import java.util.List;
import java.util.Objects;

/**
 * The one place that decides which data source serves a request: writes the primary; reads
 * the sources {@link DataSources#candidates} lists for their preference (healthy replicas
 * round-robin, then the primary). Swapping sources on reload happens inside
 * {@link DataSources}, so a request asks here each time rather than keeping a source.
 */
final class DataSourceRouting {
  private final DataSources sources;

  DataSourceRouting(DataSources sources) {
    this.sources = Objects.requireNonNull(sources, "sources");
  }

  Source primary() {
    return sources.primary();
  }

  List<Source> forRead(ReadPreference where) {
    return sources.candidates(where);
  }

  long generation() {
    return sources.generation();
  }
}
