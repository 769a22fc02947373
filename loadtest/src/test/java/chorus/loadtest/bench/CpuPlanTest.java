package chorus.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class CpuPlanTest {
  @Test
  void oneCpuPinsNothing() {
    assertThat(CpuPlan.forCpus(1).pins()).isFalse();
    assertThat(CpuPlan.forCpus(1).describe()).startsWith("not pinned");
  }

  @Test
  void twoCpusGiveTheNodeOneAndTheRestTheOther() {
    CpuPlan plan = CpuPlan.forCpus(2);

    assertThat(plan).isEqualTo(new CpuPlan("1", "0", "0", "0,1"));
    assertThat(plan.nodeCpus()).isEqualTo(1);
    assertThat(plan.describe()).startsWith("pinned");
  }

  @Test
  void fromFourCpusTheDatabaseAndTheGeneratorSplitTheLowerHalf() {
    assertThat(CpuPlan.forCpus(3)).isEqualTo(new CpuPlan("2", "1", "0", "0,1,2"));
    assertThat(CpuPlan.forCpus(4)).isEqualTo(new CpuPlan("2,3", "1", "0", "0,1,2,3"));
    assertThat(CpuPlan.forCpus(8)).isEqualTo(new CpuPlan("4,5,6,7", "2,3", "0,1", "0,1,2,3,4,5,6,7"));
    assertThat(CpuPlan.forCpus(8).nodeCpus()).isEqualTo(4);
  }

  @Test
  void cpuListsReadAsTasksetAndProcWriteThem() {
    assertThat(CpuPlan.cpuSet("1")).containsExactly(1);
    assertThat(CpuPlan.cpuSet("0,1")).isEqualTo(CpuPlan.cpuSet("0-1"));
    assertThat(CpuPlan.cpuSet("0-2,5")).containsExactly(0, 1, 2, 5);
  }

  @Test
  void pinningEveryThreadLeavesNoneOutside() throws Exception {
    assumeTrue(CpuPlan.available() && Runtime.getRuntime().availableProcessors() > 1, "needs taskset and two CPUs");
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      CpuPlan.pinEveryThread("0", sleeper.pid());

      String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(sleeper.pid()), "status"));
      assertThat(status).containsPattern("Cpus_allowed_list:\\s+0\\n");
    } finally {
      sleeper.destroyForcibly();
    }
  }
}
