package dev.switchboard.testkit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hosts of {@link NetnsHosts}: they exist only while the kit is open, reach each other and
 * nothing else, each fault acts and can be repeated, and leftovers of a dead run are deleted.
 * Skipped, with the reason, where network namespaces cannot be made.
 */
class NetnsHostsIT {

  /** Bound of one TCP connect to a host, in milliseconds. */
  private static final int CONNECT_MILLIS = 1_000;
  /** The longest a healed host may take to be reachable again. */
  private static final Duration RECONNECT_BOUND = Duration.ofSeconds(10);

  @BeforeEach
  void needNamespaces() {
    Assumptions.assumeTrue(NetnsHosts.available(), NetnsHosts.unavailableReason());
  }

  @Test
  void theHostsExistOnlyWhileOpenAndRouteOnlyToEachOther() throws Exception {
    String namespace;
    String link;
    try (NetnsHosts hosts = NetnsHosts.create(2)) {
      Host first = hosts.host(0);
      namespace = first.namespace();
      link = first.link();
      assertThat(Commands.run("ip", "netns", "list")).contains(first.namespace(),
          hosts.host(1).namespace());
      assertThat(Commands.run("ip", "-n", namespace, "route", "show")).doesNotContain("default");
      assertThat(Commands.run("ip", "-n", namespace, "route", "get", hosts.host(1).address()))
          .contains(hosts.host(1).address());
      assertThat(Commands.run("ip", "-n", namespace, "route", "get", hosts.bridgeAddress()))
          .contains(hosts.bridgeAddress());
      assertThatThrownBy(() -> Commands.run("ip", "-n", namespace, "route", "get", "192.0.2.1"))
          .hasMessageContaining("unreachable");
      assertThat(Commands.run("ip", "-n", namespace, "-o", "link", "show", "lo"))
          .contains("UP");
    }
    assertThat(Commands.run("ip", "netns", "list")).doesNotContain(namespace);
    assertThat(Commands.run("ip", "-o", "link", "show")).doesNotContain(link);
  }

  @Test
  void eachFaultActsOnItsHostAndRepeatingItChangesNothing() throws Exception {
    try (NetnsHosts hosts = NetnsHosts.create(1)) {
      Host host = hosts.host(0);
      NodeProcess node = host.start();
      node.awaitMembers(1, Duration.ofSeconds(ClusterNodes.START_TIMEOUT_SECONDS));
      assertThat(node.memberAddress()).isEqualTo(host.address() + ":" + NetnsHosts.HAZELCAST_PORT);
      assertThat(connectsWithin(host, RECONNECT_BOUND)).isTrue();

      host.partition();
      host.partition();
      assertThat(host.isPartitioned()).isTrue();
      assertThat(connects(host)).isFalse();
      host.heal();
      host.heal();
      assertThat(connectsWithin(host, RECONNECT_BOUND)).isTrue();

      host.freeze();
      host.freeze();
      assertThat(Host.processState(node.pid())).isEqualTo('T');
      host.thaw();
      host.thaw();
      assertThat(Host.processState(node.pid())).isNotEqualTo('T');

      host.freeze();
      host.kill();
      host.kill();
      assertThat(node.isAlive()).isFalse();
      host.thaw();
    }
  }

  @Test
  void leftoversOfARunThatIsGoneAreDeleted() throws Exception {
    long dead = deadPid();
    String tag = NetnsNetwork.PREFIX + Long.toString(dead, 36) + "_0";
    Commands.run("ip", "netns", "add", tag + "-0");
    Commands.run("ip", "link", "add", tag + "b", "type", "bridge");
    String alive = NetnsNetwork.PREFIX + Long.toString(ProcessHandle.current().pid(), 36) + "_zz";
    Commands.run("ip", "link", "add", alive + "b", "type", "bridge");
    try {
      NetnsNetwork.deleteStale();

      assertThat(Commands.run("ip", "netns", "list")).doesNotContain(tag);
      assertThat(Commands.run("ip", "-o", "link", "show")).doesNotContain(tag)
          .contains(alive + "b");
    } finally {
      Commands.run("ip", "link", "del", alive + "b");
    }
  }

  /**
   * Tries to connect until it works or the bound passes: right after a heal the root namespace may
   * still have to resolve the host's address again (its entry failed during the partition), which
   * can take longer than one attempt's timeout.
   */
  private static boolean connectsWithin(Host host, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    do {
      if (connects(host)) {
        return true;
      }
    } while (System.nanoTime() < deadline);
    return false;
  }

  private static boolean connects(Host host) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host.address(), NetnsHosts.HAZELCAST_PORT),
          CONNECT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static long deadPid() {
    for (long pid = 4_000_000; pid > 3_999_000; pid--) {
      if (ProcessHandle.of(pid).isEmpty()) {
        return pid;
      }
    }
    throw new IllegalStateException("no free process id found");
  }
}
