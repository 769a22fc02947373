package chorus.management.jobs;

import chorus.protocol.api.Job;
import java.util.Map;

/** How a job ended when its runner returned: {@code success} or {@code warning}, with its final data. */
public record JobOutcome(String status, Map<String, String> data) {
  public JobOutcome {
    if (!Job.SUCCESS.equals(status) && !Job.WARNING.equals(status)) {
      throw new IllegalArgumentException("a runner ends a job as success or warning, not " + status);
    }
    data = Map.copyOf(data);
  }

  public static JobOutcome success(Map<String, String> data) {
    return new JobOutcome(Job.SUCCESS, data);
  }
}
