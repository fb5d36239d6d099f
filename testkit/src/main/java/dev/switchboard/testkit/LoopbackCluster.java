package dev.switchboard.testkit;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigXmlGenerator;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.UUID;

/**
 * Hazelcast and Vert.x settings for a test cluster on 127.0.0.1: TCP-IP join, multicast and auto
 * detection off, the Hazelcast member on an ephemeral port, the event bus on 127.0.0.1:0.
 *
 * <p>Stateless; safe from any thread.
 */
public final class LoopbackCluster {

  /** The loopback address every test node binds to. */
  public static final String HOST = "127.0.0.1";

  /** The Vert.x cluster manager's maps (its multimap is {@link #VERTX_SUBSCRIPTIONS}). */
  public static final List<String> VERTX_MAPS = List.of("__vertx.nodeInfo", "__vertx.haInfo");

  /** The Vert.x cluster manager's multimap of event-bus consumers. */
  public static final String VERTX_SUBSCRIPTIONS = "__vertx.subs";

  /** The map pattern of GlobalData's maps in a member configuration: {@value}. */
  public static final String GLOBAL_DATA_MAPS = "switchboard.globaldata*";

  /** The name of GlobalData's split-brain protection: {@value}. */
  public static final String GLOBAL_DATA_SPLIT_BRAIN_PROTECTION = "switchboard.globaldata.quorum";

  private LoopbackCluster() {
  }

  /**
   * @return a fresh random cluster name, so that concurrent or leftover nodes never join each other
   */
  public static String randomClusterName() {
    return "sb-test-" + UUID.randomUUID();
  }

  /**
   * Builds the Hazelcast member configuration of one test node.
   *
   * @param clusterName the cluster name shared by the nodes of one test
   * @param members     {@code host:port} of members already running (empty for the first node)
   * @return a configuration that keeps the Vert.x cluster-manager maps and joins on loopback only
   */
  public static Config memberConfig(String clusterName, List<String> members) {
    return memberConfig(clusterName, members, HOST);
  }

  /**
   * Builds the Hazelcast member configuration of one test node bound to one address (a network
   * namespace's, see {@link NetnsHosts}) instead of loopback.
   *
   * @param clusterName the cluster name shared by the nodes of one test
   * @param members     {@code host[:port]} of the other members (empty for the first node)
   * @param host        the only address the member binds
   * @return a configuration that keeps the Vert.x cluster-manager maps and joins on that address
   */
  public static Config memberConfig(String clusterName, List<String> members, String host) {
    Config config = new ClasspathXmlConfig("default-cluster.xml");
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // small clusters of short-lived members: notice a killed member within seconds
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // as in the shipped cluster.xml: the writes of the Vert.x cluster manager are backed up
    // asynchronously (each node writes its own entries again after a member leaves); with a
    // synchronous backup, fail.on.indeterminate.state fails a node's start or a consumer's
    // registration whenever Hazelcast drops a backup while partitions migrate
    VERTX_MAPS.forEach(name -> config.getMapConfig(name).setBackupCount(0).setAsyncBackupCount(1));
    config.getMultiMapConfig(VERTX_SUBSCRIPTIONS).setBackupCount(0).setAsyncBackupCount(1);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(0).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(host);
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.copyOf(members));
    return config;
  }

  /**
   * Moves a member configuration's network settings (port, interfaces, join) to Hazelcast's
   * advanced networking, with a member endpoint only.
   *
   * <p>Why: with the default (unified) networking, a member that connects to a peer whose host
   * accepts the connection but whose process never answers (a frozen JVM, a SIGSTOP) busy-spins
   * one of its output IO threads until the peer answers: the connection's protocol encoder
   * reports nothing to do while a frame waits, so the pipeline reschedules itself without end.
   * Every other connection that thread serves stalls once it needs the selector (a burst larger
   * than a buffer), and healthy members miss each other's heartbeats and split (Hazelcast issue
   * 26473: in 5.6.0, and the classes concerned are unchanged in 5.7.0; see docs/operations.md).
   * The member endpoint's handshake waits for the peer without spinning ({@code
   * MemberEndpointIT}). A member configured so has no client endpoint: no Hazelcast client can
   * connect to it.
   *
   * @param config a member configuration, changed in place
   * @return the same configuration
   */
  public static Config withMemberEndpointOnly(Config config) {
    NetworkConfig network = config.getNetworkConfig();
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig()
        .setPort(network.getPort())
        .setPortCount(network.getPortCount())
        .setPortAutoIncrement(network.isPortAutoIncrement());
    member.setInterfaces(network.getInterfaces());
    AdvancedNetworkConfig advanced = config.getAdvancedNetworkConfig().setEnabled(true)
        .setMemberEndpointConfig(member);
    advanced.setJoin(network.getJoin());
    return config;
  }

  /**
   * Gives GlobalData's maps ({@value #GLOBAL_DATA_MAPS}) the split-brain protection and merge
   * policy of the shipped {@code cluster.xml} with protection on: reads and writes refused on a
   * side of fewer than {@code minimumMembers} members ({@code NO_QUORUM}), and the smaller side's
   * entries discarded when a partition heals. (The names are GlobalData's, written out here since
   * the test kit does not depend on that module; {@code ClusterXmlTest} checks they agree.)
   *
   * @param config         a member configuration, changed in place
   * @param minimumMembers the members a side needs to serve GlobalData, at least 2
   * @return the same configuration
   */
  public static Config withGlobalDataQuorum(Config config, int minimumMembers) {
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(
        GLOBAL_DATA_SPLIT_BRAIN_PROTECTION, true, minimumMembers)
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    config.getMapConfig(GLOBAL_DATA_MAPS).setBackupCount(1).setAsyncBackupCount(0)
        .setSplitBrainProtectionName(GLOBAL_DATA_SPLIT_BRAIN_PROTECTION)
        .setMergePolicyConfig(new MergePolicyConfig().setPolicy(
            DiscardMergePolicy.class.getName()));
    return config;
  }

  /**
   * Writes {@link #memberConfig} as a Hazelcast XML file, for a node started by a launcher
   * ({@code -Dvertx.hazelcast.config=<file>}).
   *
   * @param clusterName the cluster name shared by the nodes of one test
   * @param members     {@code host:port} of members already running (empty for the first node)
   * @param file        where to write it
   * @return the file
   * @throws IOException when it cannot be written
   */
  public static Path writeMemberXml(String clusterName, List<String> members, Path file)
      throws IOException {
    return Files.writeString(file,
        new ConfigXmlGenerator(true, false).generate(memberConfig(clusterName, members)));
  }

  /**
   * Starts one clustered Vert.x node: a {@link HazelcastClusterManager} with
   * {@link #memberConfig}, the event bus on 127.0.0.1:0.
   *
   * @param clusterName the cluster name shared by the nodes of one test
   * @param members     {@code host:port} of members already running (empty for the first node)
   * @return a future completed with the node once it has joined
   */
  public static Future<ClusterNode> startNode(String clusterName, List<String> members) {
    return startNode(memberConfig(clusterName, members));
  }

  /**
   * Starts one clustered Vert.x node on a given Hazelcast member configuration (usually a
   * {@link #memberConfig} with a change, such as a fixed port for a member that restarts where
   * its clients expect it), the event bus on 127.0.0.1:0.
   *
   * @param memberConfig the Hazelcast member configuration
   * @return a future completed with the node once it has joined
   */
  public static Future<ClusterNode> startNode(Config memberConfig) {
    return startNode(memberConfig, null);
  }

  /**
   * Starts one clustered Vert.x node as {@link #startNode(Config)} does, its event bus over TLS
   * with client certificates when {@code tls} is given.
   *
   * @param memberConfig the Hazelcast member configuration
   * @param tls          the event bus's certificates, or null for a plain-text event bus
   * @return a future completed with the node once it has joined
   */
  public static Future<ClusterNode> startNode(Config memberConfig, EventBusTls tls) {
    return startNode(memberConfig, tls, UnaryOperator.identity());
  }

  /**
   * Starts one clustered Vert.x node as {@link #startNode(Config, EventBusTls)} does, on Vert.x
   * options changed by the test: for instance with Vert.x's own metrics on (core's {@code
   * VertxMetrics::configure}, which testkit cannot name: it does not depend on core).
   *
   * @param memberConfig the Hazelcast member configuration
   * @param tls          the event bus's certificates, or null for a plain-text event bus
   * @param vertxOptions changes the node's Vert.x options (after the event bus's are set)
   * @return a future completed with the node once it has joined
   */
  public static Future<ClusterNode> startNode(Config memberConfig, EventBusTls tls,
      UnaryOperator<VertxOptions> vertxOptions) {
    return startNode(new HazelcastClusterManager(memberConfig), HOST, tls, vertxOptions);
  }

  /**
   * Starts one clustered Vert.x node on a given cluster manager, its event bus on {@code host}:0
   * (what {@code -cluster-host} sets for a launcher).
   */
  static Future<ClusterNode> startNode(HazelcastClusterManager manager, String host,
                                       EventBusTls tls) {
    return startNode(manager, host, tls, UnaryOperator.identity());
  }

  static Future<ClusterNode> startNode(HazelcastClusterManager manager, String host,
      EventBusTls tls, UnaryOperator<VertxOptions> vertxOptions) {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(host).setPort(0).setClusterPublicHost(host);
    if (tls != null) {
      tls.applyTo(options.getEventBusOptions());
    }
    return Vertx.builder().with(vertxOptions.apply(options)).withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new ClusterNode(vertx, manager));
  }
}
