package chorus.node;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.persistence.pool.PersistencePool;
import chorus.persistence.pool.PoolWorkers;
import chorus.protocol.config.ChorusConfig;
import com.typesafe.config.Config;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PekkoConfigTest {
  @Test
  void thePersistenceDispatcherHasAThreadPerWorkerNotPerAllowedConnection() {
    ChorusConfig defaults = ChorusConfig.defaults();
    int workers = PoolWorkers.forMachine(defaults.sqlSettings().maxOpenConns(), 2);

    Config config = PekkoConfig.from(defaults, Optional.empty(), workers);

    assertThat(workers).isLessThan(defaults.sqlSettings().maxOpenConns());
    assertThat(config.getInt(PersistencePool.DISPATCHER + ".thread-pool-executor.fixed-pool-size")).isEqualTo(workers);
  }
}
