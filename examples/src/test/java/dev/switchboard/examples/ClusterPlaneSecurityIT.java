package dev.switchboard.examples;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.Await;
import dev.switchboard.testkit.ClusterNode;
import dev.switchboard.testkit.ClusterNodes;
import dev.switchboard.testkit.EventBusTls;
import dev.switchboard.testkit.LoopbackCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the cluster plane, as a hostile local process would make them: a member and a
 * Hazelcast client that know the old shared cluster name try to join a cluster started from the
 * shipped {@code cluster.xml} under a generated name; nodes without a certificate of the
 * cluster's authority, and a raw event-bus frame written to a node's event-bus port, try to reach
 * a consumer of a TLS event bus whose certificates {@code bin/make-certs} made.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterPlaneSecurityIT {

  private static final String ADDRESS = "examples.security.target";

  /** The cluster name every install shared before names were generated. */
  private static final String OLD_SHARED_NAME = "switchboard";

  private final List<ClusterNode> nodes = new ArrayList<>();
  private ClusterNodes cluster;
  private Vertx outside;

  @AfterEach
  void stop() throws Exception {
    if (outside != null) {
      result(outside.close());
    }
    if (cluster != null) {
      cluster.close();
    }
    for (ClusterNode node : nodes) {
      result(node.vertx().close());
    }
  }

  @Test
  void aMemberOrClientWithTheOldSharedOrAnotherNameDoesNotJoinADemoLikeCluster()
      throws Exception {
    String name = "demo-" + UUID.randomUUID(); // as bin/demo generates one per run
    ClusterNode first = start(shipped(name, List.of()));
    ClusterNode second = start(shipped(name, List.of(first.memberAddress())));
    assertThat(first.hazelcast().getCluster().getMembers()).hasSize(2);

    // a stray node with the name every install used to share, and one with another name
    ClusterNode stray = start(shipped(OLD_SHARED_NAME, List.of(first.memberAddress())));
    ClusterNode other = start(shipped("sb-other-" + UUID.randomUUID(),
        List.of(first.memberAddress(), second.memberAddress())));
    assertThat(stray.hazelcast().getCluster().getMembers()).as("the stray node is alone")
        .hasSize(1);
    assertThat(other.hazelcast().getCluster().getMembers()).hasSize(1);
    assertThat(first.hazelcast().getCluster().getMembers()).as("the cluster kept its 2 members")
        .hasSize(2);
    result(GlobalData.member(stray.vertx()).set("planted", "by the stray node"));
    assertThat(result(GlobalData.member(second.vertx()).get("planted"))).isNull();

    // a Hazelcast client (GlobalData client mode) that knows the old name only
    outside = Vertx.vertx();
    Throwable refused = Await.failure(GlobalData.client(outside, new GlobalDataOptions()
        .setClusterName(OLD_SHARED_NAME).setMembers(List.of(first.memberAddress()))
        .setConnectTimeout(3_000)));
    assertThat(refused).isInstanceOf(GlobalDataException.class)
        .as("refused at once for its name, not left to time out")
        .hasMessageContaining(OLD_SHARED_NAME);
    assertThat(((GlobalDataException) refused).reason())
        .isEqualTo(GlobalDataException.Reason.WRONG_CLUSTER);

    // the legitimate client, given the generated name, reads and writes
    GlobalData client = result(GlobalData.client(outside, new GlobalDataOptions()
        .setClusterName(name).setMembers(List.of(first.memberAddress()))));
    result(client.set("legit", 1));
    assertThat(result(GlobalData.member(second.vertx()).get("legit"))).isEqualTo(1);
    result(client.close());
  }

  @Test
  void aTlsEventBusCarriesMessagesBetweenItsNodesOnly(@TempDir Path dir) throws Exception {
    Path certs = makeCerts(dir.resolve("cluster"), "node1", "node2");
    Path foreignCerts = makeCerts(dir.resolve("foreign"), "intruder");
    cluster = ClusterNodes.start(2, index -> EventBusTls.ofMakeCerts(certs, "node" + (index + 1)));
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    result(cluster.vertx(0).eventBus().<String>consumer(ADDRESS, message -> {
      received.add(message.body());
      message.reply("got " + message.body());
    }).completion());
    result(cluster.vertx(1).eventBus().consumer(ADDRESS + ".2",
        message -> message.reply("node2 got " + message.body())).completion());

    // the two nodes of the authority talk, both ways
    assertThat(request(cluster.vertx(1), ADDRESS, "hello node1")).isEqualTo("got hello node1");
    assertThat(request(cluster.vertx(0), ADDRESS + ".2", "hello node2"))
        .isEqualTo("node2 got hello node2");

    // a member of the cluster (the name is no secret) without a certificate, and one whose
    // certificate another authority signed, cannot deliver
    ClusterNode plain = cluster.addNode(null);
    ClusterNode foreign = cluster.addNode(EventBusTls.ofMakeCerts(foreignCerts, "intruder"));
    for (ClusterNode intruder : List.of(plain, foreign)) {
      Await.failure(intruder.vertx().eventBus().request(ADDRESS, "from an intruder",
          new DeliveryOptions().setSendTimeout(5_000)));
    }

    // a member whose event bus accepts anyone registers a consumer: the nodes do not trust its
    // certificate, so nothing they send reaches it
    BlockingQueue<String> spied = new LinkedBlockingQueue<>();
    ClusterNode spy = startSpy(foreignCerts);
    result(spy.vertx().eventBus().<String>consumer(ADDRESS + ".spied", message -> {
      spied.add(message.body());
      message.reply("spied");
    }).completion());
    Await.failure(cluster.vertx(0).eventBus().request(ADDRESS + ".spied", "for the cluster only",
        new DeliveryOptions().setSendTimeout(5_000)));
    assertThat(spied).isEmpty();

    // a raw event-bus frame written to node 1's event-bus port is refused
    rawFrameRefused(cluster.node(0).eventBusPort());

    assertThat(request(cluster.vertx(1), ADDRESS, "still there")).isEqualTo("got still there");
    assertThat(received).containsExactly("hello node1", "still there");
  }

  /**
   * The attack the TLS event bus stops, on a plain-text one: a raw frame reaches a consumer
   * (this also shows that the frame of {@link #rawFrame} is one a node accepts).
   */
  @Test
  void onAPlainTextEventBusARawFrameReachesAConsumer() throws Exception {
    cluster = ClusterNodes.start(1);
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    result(cluster.vertx(0).eventBus().<String>consumer(ADDRESS,
        message -> received.add(message.body())).completion());
    try (Socket socket = new Socket(LoopbackCluster.HOST, cluster.node(0).eventBusPort())) {
      socket.getOutputStream().write(rawFrame(ADDRESS, "forged"));
      assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("forged");
    }
  }

  /**
   * A member of the cluster (its name is no secret) whose TLS event bus asks no client
   * certificate and presents one of another authority.
   */
  private ClusterNode startSpy(Path foreignCerts) {
    HazelcastClusterManager manager = new HazelcastClusterManager(LoopbackCluster.memberConfig(
        cluster.clusterName(), cluster.memberAddresses()));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(LoopbackCluster.HOST).setPort(0)
        .setClusterPublicHost(LoopbackCluster.HOST).setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(foreignCerts.resolve("intruder.pem").toString())
            .setKeyPath(foreignCerts.resolve("intruder.key").toString()))
        .setClientAuth(ClientAuth.NONE);
    Vertx vertx = result(Vertx.builder().with(options).withClusterManager(manager)
        .buildClustered());
    ClusterNode node = new ClusterNode(vertx, manager);
    nodes.add(node);
    return node;
  }

  private ClusterNode start(Config config) {
    ClusterNode node = result(LoopbackCluster.startNode(config));
    nodes.add(node);
    return node;
  }

  /**
   * The shipped {@code cluster.xml} with a cluster name, on an ephemeral port and joining only
   * the given members (its own member list would reach the 5701 of a demo running on this host).
   */
  static Config shipped(String clusterName, List<String> members) {
    Properties properties = new Properties();
    properties.setProperty("switchboard.cluster.name", clusterName);
    Config config = new ClasspathXmlConfig("cluster.xml", properties);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(0).setPortAutoIncrement(false);
    network.getJoin().getTcpIpConfig().setMembers(List.copyOf(members));
    return config;
  }

  private static String request(Vertx vertx, String address, String body) {
    Future<Message<String>> reply = vertx.eventBus().request(address, body);
    return result(reply).body();
  }

  /** Writes a raw frame to an event-bus port and expects the node to close the connection. */
  private static void rawFrameRefused(int port) throws IOException {
    try (Socket socket = new Socket(LoopbackCluster.HOST, port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(rawFrame(ADDRESS, "forged"));
      InputStream in = socket.getInputStream();
      try {
        while (in.read() >= 0) {
          // a TLS alert, at most, before the close
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the node kept the connection of a raw frame open", e);
      } catch (SocketException e) {
        // reset: refused too
      }
    }
  }

  /**
   * A clustered event-bus message as a node writes it (Vert.x 5 wire format 2): a point-to-point
   * send of a string to {@code address}, without reply address or headers.
   */
  static byte[] rawFrame(String address, String body) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(frame);
    out.writeByte(2); // wire protocol version
    out.writeByte(9); // system codec: String
    out.writeByte(0); // send (1: publish)
    writeString(out, address);
    out.writeInt(0); // no reply address
    writeString(out, "attacker"); // sender node id
    out.writeInt(4); // no headers
    writeString(out, body);
    byte[] message = frame.toByteArray();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    DataOutputStream length = new DataOutputStream(whole);
    length.writeInt(message.length);
    length.write(message);
    return whole.toByteArray();
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Runs {@code bin/make-certs dir nodes...} and returns {@code dir}. */
  static Path makeCerts(Path dir, String... nodes) throws Exception {
    List<String> command = new ArrayList<>(List.of(projectRoot().resolve("bin/make-certs")
        .toString(), dir.toString()));
    command.addAll(List.of(nodes));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/make-certs finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return dir;
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("user.dir")).getParent();
  }
}
