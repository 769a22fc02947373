package chorus.management.discovery;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The live nodes of a cluster, as cluster bootstrap needs them. */
public interface NodeDirectory {
  CompletionStage<List<ContactPoint>> contactPoints(String clusterName);
}
