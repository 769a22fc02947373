package chorus.persistence.pool;

/**
 * Where a read may run. Every request to the persistence pool states one, so that adding
 * replicas changes where reads go without touching any caller.
 */
public enum ReadPreference {
  /** The primary: writes, and reads that must see a write just made (by anyone). */
  PRIMARY,
  /** A healthy read replica, else the primary. Replicas may lag by a moment. */
  REPLICA,
  /** A healthy search replica, else a read replica, else the primary. */
  SEARCH
}
