package chorus.loadtest.bench;

import java.util.Map;

/**
 * A run's wall time in seconds: {@code totalSeconds} from the generator JVM's start to the
 * report, {@code phases} in the order they ran, {@code otherSeconds} what falls between them.
 * What {@code bin/bench} does before the generator starts (building stale jars, fetching
 * pgbench) is not in it.
 */
public record RunTimings(double totalSeconds, Map<String, Double> phases, double otherSeconds) {}
