package chorus.node.failover;

import chorus.node.testkit.ProxyProcess;
import java.nio.file.Path;
import java.util.List;

/** {@link ProxyFailoverScenario} behind nginx with deploy/nginx/chorus.conf (passive failover). */
class FailoverBehindNginxIT extends ProxyFailoverScenario {
  @Override
  ProxyProcess startProxy(Path runDir, int port, List<String> backends) throws Exception {
    return ProxyProcess.nginx(runDir, port, backends);
  }

  @Override
  String name() {
    return "nginx";
  }
}
