package chorus.persistence.db;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL settings of Mattermost's high-availability guide, as functions of the host a
 * server may call its own, so that the embedded database of a developer or CI runs what
 * {@code deploy/postgresql/primary.conf} and {@code replica.conf} give an operator (a test
 * keeps the two in step).
 *
 * <p>Memory: the guide gives {@code shared_buffers} and {@code effective_cache_size} 65% of a
 * dedicated server's memory from 32 GiB up, and 20% on smaller servers; {@code work_mem} 32 MB
 * on a writer that has replicas and 16 MB on readers or a single server, halved under 32 GiB
 * (smaller than the r5.xlarge the guide was written for); vacuum memory 1 GiB from 32 GiB up,
 * else 512 MB, and a sixteenth of memory under 8 GiB. Parallel workers follow the cores.
 * {@code max_connections} is not the host's to decide: it is the sum of the pools of every
 * node that connects (see the README), and a standby must allow at least the primary's.
 */
public final class PostgresTuning {
  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;
  private static final long LARGE_HOST = 32 * GIB;
  private static final long SMALL_HOST = 8 * GIB;

  /** A writer (the primary) or a hot standby serving reads. */
  public enum Role { PRIMARY, REPLICA }

  /**
   * What one server may count on.
   *
   * @param memoryBytes the memory this server may assume it has to itself
   * @param cpus the cores it may use
   */
  public record Host(long memoryBytes, int cpus) {
    public Host {
      if (memoryBytes < 256 * MIB || cpus < 1) {
        throw new IllegalArgumentException("a host needs at least 256 MiB and one core, got " + memoryBytes + " bytes, " + cpus);
      }
    }

    /** This machine: its physical memory and the cores the JVM sees. */
    public static Host thisMachine() {
      var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      return new Host(os.getTotalMemorySize(), Runtime.getRuntime().availableProcessors());
    }

    /** An equal part of this host's memory for each of {@code servers} sharing it (cores are shared, not split). */
    public Host sharedBy(int servers) {
      return new Host(Math.max(256 * MIB, memoryBytes / Math.max(1, servers)), cpus);
    }
  }

  private PostgresTuning() {}

  /**
   * The settings for a server of {@code role} on {@code host}, in {@code postgresql.conf}
   * units, in the order the shipped files list them.
   *
   * @param hasReplicas whether a primary has standbys reading from it (it then gets the writer's larger work_mem)
   */
  public static Map<String, String> settings(Role role, Host host, boolean hasReplicas) {
    long memory = host.memoryBytes();
    Map<String, String> settings = new LinkedHashMap<>();
    String cache = megabytes((long) (memory * (memory >= LARGE_HOST ? 0.65 : 0.20)));
    settings.put("shared_buffers", cache);
    settings.put("effective_cache_size", cache);
    long workMem = role == Role.PRIMARY && hasReplicas ? 32 : 16;
    settings.put("work_mem", (memory >= LARGE_HOST ? workMem : workMem / 2) + "MB");
    String vacuumMemory = memory >= LARGE_HOST ? "1024MB" : memory >= SMALL_HOST ? "512MB" : megabytes(memory / 16);
    settings.put("maintenance_work_mem", vacuumMemory);
    settings.put("autovacuum_work_mem", vacuumMemory);
    settings.put("autovacuum_max_workers", "4");
    settings.put("autovacuum_vacuum_cost_limit", "500");
    settings.put("random_page_cost", "1.1");
    settings.put("tcp_keepalives_idle", "5");
    settings.put("tcp_keepalives_interval", "1");
    settings.put("tcp_keepalives_count", "5");
    int cpus = host.cpus();
    settings.put("max_worker_processes", Integer.toString(Math.max(8, cpus)));
    settings.put("max_parallel_workers", Integer.toString(cpus));
    settings.put("max_parallel_workers_per_gather", Integer.toString(Math.max(1, cpus / 2)));
    settings.put("max_parallel_maintenance_workers", Integer.toString(Math.max(1, cpus / 2)));
    if (role == Role.REPLICA) {
      settings.put("hot_standby", "on");
      settings.put("hot_standby_feedback", "on");
    }
    return settings;
  }

  /**
   * The settings of an embedded server of {@code role} in a set of one primary and
   * {@code standbys} standbys on this machine, beside the node they serve: each of them gets an
   * equal part of the memory, and the primary the writer's settings when it has standbys.
   */
  public static Map<String, String> embedded(Role role, int standbys) {
    Host host = Host.thisMachine().sharedBy(standbys + 2);
    return settings(role, host, role == Role.PRIMARY && standbys > 0);
  }

  private static String megabytes(long bytes) {
    return Math.max(1, bytes / MIB) + "MB";
  }
}
