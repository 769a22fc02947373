package chorus.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void nodeOptionsAskedForComeAfterThePresetSoG1StaysAndALaterHeapWins() {
    BenchOptions o = BenchOptions.parse(new String[] {"--node-java-opts", " -Xlog:gc:file=/tmp/node-%p.log  -Xmx5g "});

    assertThat(o.nodeJavaOpts()).containsExactly("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50", "-Xms3g", "-Xmx3g",
        "-Xlog:gc:file=/tmp/node-%p.log", "-Xmx5g");
  }

  @Test
  void aCollectorAskedForReplacesG1AndItsPauseGoalButKeepsTheQuickHeap() {
    BenchOptions o = BenchOptions.parse(new String[] {"--node-java-opts", "-XX:+UseParallelGC", "--quick"});

    assertThat(o.nodeJavaOpts()).containsExactly("-Xms2g", "-Xmx2g", "-XX:+UseParallelGC");
  }
}
