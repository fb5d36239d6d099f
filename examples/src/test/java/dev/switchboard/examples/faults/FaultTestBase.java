package dev.switchboard.examples.faults;

import dev.switchboard.testkit.Host;
import dev.switchboard.testkit.NetnsHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The three hosts of a fault test, made before each test and deleted after it; the test is
 * skipped, with the reason, where network namespaces cannot be made.
 */
abstract class FaultTestBase {

  FaultHosts cluster;
  NetnsHosts hosts;
  Host a;
  Host b;
  Host c;

  @BeforeEach
  void createHosts() throws Exception {
    Assumptions.assumeTrue(NetnsHosts.available(), NetnsHosts.unavailableReason());
    cluster = new FaultHosts();
    hosts = cluster.hosts;
    a = hosts.host(0);
    b = hosts.host(1);
    c = hosts.host(2);
  }

  @AfterEach
  void deleteHosts() {
    if (cluster != null) {
      cluster.close();
    }
  }
}
