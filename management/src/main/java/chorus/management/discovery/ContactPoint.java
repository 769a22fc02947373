package chorus.management.discovery;

/** Where a peer's Pekko Management endpoint answers cluster bootstrap's probes. */
public record ContactPoint(String host, int managementPort) {}
