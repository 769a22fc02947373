package chorus.node.failover;

import chorus.node.testkit.ProxyProcess;
import java.nio.file.Path;
import java.util.List;

/** {@link ProxyFailoverScenario} behind HAProxy with deploy/haproxy/haproxy.cfg (active health checks). */
class FailoverBehindHaproxyIT extends ProxyFailoverScenario {
  @Override
  ProxyProcess startProxy(Path runDir, int port, List<String> backends) throws Exception {
    return ProxyProcess.haproxy(runDir, port, backends);
  }

  @Override
  String name() {
    return "haproxy";
  }
}
