package chorus.persistence.export;

import java.util.OptionalLong;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The compliance export's reads for code outside this module, which must not touch SQL.
 * Blocking, over the connections it is given (the jobs' own, so an export never takes a
 * request's connection): call it from the jobs dispatcher.
 */
public final class ExportStore {
  private final DSLContext dsl;
  private final ExportRepository rows;

  public ExportStore(DataSource dataSource, ExportRepository rows) {
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
    this.rows = rows;
  }

  /** See {@link ExportRepository#lastExportEnd}. */
  public OptionalLong lastExportEnd(String jobId) {
    return rows.lastExportEnd(dsl, jobId);
  }

  public int count(long from, long to) {
    return rows.count(dsl, from, to);
  }

  /** See {@link ExportRepository#forEachBatch}. */
  public void forEachBatch(long from, long to, int batchSize, ExportRepository.BatchHandler handler) {
    rows.forEachBatch(dsl, from, to, batchSize, handler);
  }
}
