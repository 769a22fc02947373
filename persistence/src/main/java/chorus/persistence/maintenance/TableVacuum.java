package chorus.persistence.maintenance;

/**
 * How well autovacuum keeps up with one table, from the primary's statistics (the ones the
 * Mattermost HA guide's query reads). Counts are PostgreSQL's estimates.
 *
 * @param table the table's name
 * @param liveTuples rows estimated live
 * @param deadTuples rows deleted or updated away and not yet vacuumed
 * @param deadRatio dead over live (0 for an empty table)
 * @param lastAutovacuum when autovacuum last finished on it, milliseconds since the epoch; 0 for never
 * @param lastAutoanalyze when autovacuum last analyzed it, milliseconds; 0 for never
 * @param needsVacuum whether it is over the threshold ({@link #overThreshold}): tune its autovacuum
 */
public record TableVacuum(
    String table, long liveTuples, long deadTuples, double deadRatio, long lastAutovacuum, long lastAutoanalyze,
    boolean needsVacuum) {

  /** The guide's ratio: more dead rows than this share of the live ones calls for more aggressive vacuuming. */
  public static final double DEAD_RATIO_THRESHOLD = 0.2;
  /**
   * PostgreSQL's own base threshold ({@code autovacuum_vacuum_threshold}): below it autovacuum
   * would not run anyway, so a table of a few rows is not flagged for a handful of dead ones.
   */
  public static final long MIN_DEAD_TUPLES = 50;

  public static TableVacuum of(String table, long live, long dead, long lastAutovacuum, long lastAutoanalyze) {
    double ratio = live == 0 ? 0 : (double) dead / live;
    return new TableVacuum(table, live, dead, ratio, lastAutovacuum, lastAutoanalyze, overThreshold(live, dead));
  }

  static boolean overThreshold(long live, long dead) {
    return dead > MIN_DEAD_TUPLES && dead > DEAD_RATIO_THRESHOLD * live;
  }
}
