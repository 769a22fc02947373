package chorus.persistence.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoolWorkersTest {
  @Test
  void mattermostsDefaultOf300ConnectionsGetsWorkersForTheMachineNotOneThreadPerConnection() {
    assertEquals(32, PoolWorkers.forMachine(300, 1));
    assertEquals(32, PoolWorkers.forMachine(300, 2));
    assertEquals(128, PoolWorkers.forMachine(300, 8));
    assertEquals(300, PoolWorkers.forMachine(300, 32));
  }

  @Test
  void neverMoreWorkersThanTheOperatorAllowedConnections() {
    assertEquals(10, PoolWorkers.forMachine(10, 2));
    assertEquals(1, PoolWorkers.forMachine(1, 64));
    assertEquals(40, PoolWorkers.forMachine(40, 8));
  }

  @Test
  void nonsenseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PoolWorkers.forMachine(0, 2));
    assertThrows(IllegalArgumentException.class, () -> PoolWorkers.forMachine(300, 0));
  }
}
