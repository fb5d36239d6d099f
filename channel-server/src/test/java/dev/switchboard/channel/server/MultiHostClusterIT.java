package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.ChannelNodeOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.Host;
import dev.switchboard.testkit.NetnsHosts;
import dev.switchboard.testkit.NodeMain;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three hosts, each a network namespace with its own address, a node JVM and a channel server on
 * that address: they form one cluster by TCP-IP over the hosts' network, a publish on one host
 * reaches a subscriber on another, and after one host is cut off and reconnected the cluster is
 * one again. Skipped, with the reason, where network namespaces cannot be made (not root, not
 * Linux).
 */
class MultiHostClusterIT {

  private static final String TOKEN = "multi-host-token-0123";

  private static final Logger LOG = LoggerFactory.getLogger(MultiHostClusterIT.class);

  /**
   * Longest wait for the channel layer to meet a healed node again once the cluster has re-formed
   * (docs/channel.md: two sync intervals), plus 2 s for the probes on a loaded machine.
   */
  private static final Duration MEET_AGAIN = Duration.ofMillis(
      2 * ChannelNodeOptions.DEFAULT_SYNC_INTERVAL + 2_000);

  /** Longest wait for the cluster to reach a size (a join, a split noticed, a merge). */
  private static final Duration MEMBERS_WAIT = Duration.ofSeconds(40);

  private NetnsHosts hosts;
  private Vertx vertx;
  private final ChannelHarness harness = new ChannelHarness();

  @BeforeEach
  void createHosts() throws Exception {
    Assumptions.assumeTrue(NetnsHosts.available(), NetnsHosts.unavailableReason());
    hosts = NetnsHosts.create(3);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void close() {
    harness.close();
    if (vertx != null) {
      Await.result(vertx.close());
    }
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void threeHostsFormOneClusterThatReformsAfterAPartition() throws Exception {
    startChannelServers();
    Host a = hosts.host(0);
    Host c = hosts.host(2);

    ChannelClient publisher = client(a);
    ChannelClient subscriber = client(c);
    Inbox inbox = new Inbox();
    Await.result(subscriber.on("news", inbox));
    Await.result(publisher.publish("news", "from host a"));
    assertThat(inbox.next().data()).isEqualTo("from host a");

    partitionAndHeal(c);
  }

  /**
   * Issue 16 point 3: after the merge, the healed host's channel interest is known to the others
   * again, so a publish on another host reaches the healed host's subscriber. Hazelcast re-forms
   * the cluster first; the channel layer meets the healed node again afterwards, within the bound
   * of docs/channel.md (two sync intervals of it being reachable): until then a publish on the
   * other hosts misses it (a publish made at once after the re-forming, as this test did when it
   * was disabled, is dropped). So the test publishes probes until one arrives, within that
   * bound; then, once the bound has passed since the re-forming, a publish must reach the
   * subscriber. (A publish made right after the first probe arrived was once lost in the
   * fresh-clone CI: the space may still change in the first seconds after a merge, which the
   * documented bound allows.)
   */
  @Test
  void aPublishAfterTheHealReachesTheHealedHost() throws Exception {
    startChannelServers();
    Host c = hosts.host(2);
    ChannelClient subscriber = client(c);
    Inbox inbox = new Inbox();
    Await.result(subscriber.on("news", inbox));

    partitionAndHeal(c);
    long reformed = System.nanoTime();

    ChannelClient publisher = client(hosts.host(1));
    AtomicInteger probes = new AtomicInteger();
    Await.result(Await.until(vertx, 100, MEET_AGAIN,
            () -> publisher.publish("news", "probe " + probes.incrementAndGet())
                .map(v -> inbox.size() > 0)),
        MEET_AGAIN.plusSeconds(5), "a publish on host 1 reaching host 2's subscriber");
    LOG.info("Channel interest of the healed host known again {} ms after the cluster re-formed "
        + "({} probes)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reformed), probes.get());

    Promise<Void> bound = Promise.promise();
    vertx.setTimer(Math.max(1, MEET_AGAIN.toMillis()
        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reformed)), t -> bound.complete());
    Await.result(bound.future(), MEET_AGAIN.plusSeconds(5), "two sync intervals after the merge");
    Await.result(publisher.publish("news", "after the heal"));
    List<Object> received = new ArrayList<>();
    while (!received.contains("after the heal")) {
      assertThat(received).hasSizeLessThanOrEqualTo(probes.get());
      received.add(inbox.next().data());
    }
    assertThat(Await.result(subscriber.status()).getInteger("peers")).isEqualTo(2);
  }

  /** A node with a channel server on each host's address; waits until they form one cluster. */
  private void startChannelServers() throws Exception {
    hosts.startNodes(host -> List.of(NodeMain.verticle(ChannelServerVerticle.class.getName(),
        new JsonObject().put("host", host.address()).put("token", TOKEN))));
    hosts.awaitMembers(3, MEMBERS_WAIT, hosts.hosts().toArray(Host[]::new));
  }

  /**
   * Cuts {@code cut} off until both sides have noticed the split (the others see 2 members, it
   * sees itself alone), then reconnects it and waits until all three see one cluster again.
   */
  private void partitionAndHeal(Host cut) throws InterruptedException {
    Host[] others = hosts.hosts().stream().filter(h -> h != cut).toArray(Host[]::new);
    cut.partition();
    hosts.awaitMembers(2, MEMBERS_WAIT, others);
    hosts.awaitMembers(1, MEMBERS_WAIT, cut);
    cut.heal();
    hosts.awaitMembers(3, MEMBERS_WAIT, hosts.hosts().toArray(Host[]::new));
  }

  private ChannelClient client(Host host) {
    return harness.remote(vertx, new ChannelClientOptions()
        .setServers(List.of(host.address() + ":" + ChannelServerOptions.DEFAULT_PORT))
        .setToken(TOKEN));
  }
}
