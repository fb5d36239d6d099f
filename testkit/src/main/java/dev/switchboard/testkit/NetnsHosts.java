package dev.switchboard.testkit;

import com.hazelcast.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * N hosts for multi-host tests on one Linux machine: each host a network namespace with its own
 * address on a bridge this kit creates, in a {@code 10.213.x.0/24} that exists only there (no
 * route out, nothing forwarded or translated); the test JVM, in the root namespace, reaches the
 * hosts through the bridge at {@link #bridgeAddress()}. Nodes run as separate JVMs in the
 * namespaces ({@link Host#start}), each with a Hazelcast {@code cluster.xml} binding its own
 * address and listing every host's address in its TCP-IP join, as a user deploys on several
 * machines; {@link Host} inflicts the faults (partition, freeze, kill).
 *
 * <p>Needs root and iproute2's {@code ip}: a test calls {@code
 * Assumptions.assumeTrue(NetnsHosts.available(), NetnsHosts.unavailableReason())} first, so that
 * it is reported as skipped, with the reason, where namespaces cannot be made. {@link #close()}
 * kills every node and deletes every namespace, link and file the kit made; a shutdown hook does
 * the same when the JVM exits first, and {@link #create} deletes what a killed earlier run left.
 *
 * <p>Not thread-safe: drive it from the test thread ({@link Host} itself is thread-safe).
 */
public final class NetnsHosts implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NetnsHosts.class);

  /** The Hazelcast port of every host's member (each namespace has its own ports). */
  public static final int HAZELCAST_PORT = 5701;

  /**
   * Seconds before Hazelcast's first and between its later searches for another cluster to merge
   * with after a split (Hazelcast's defaults, 300 and 120, outlast a test).
   */
  public static final int MERGE_DELAY_SECONDS = 5;

  private static final AtomicBoolean STALE_DELETED = new AtomicBoolean();

  private final NetnsNetwork network;
  private final String clusterName;
  private final Path configDirectory;
  private final List<Host> hosts = new ArrayList<>();
  private final Thread shutdownHook;
  private boolean closed;

  private NetnsHosts(NetnsNetwork network, Path configDirectory) {
    this.network = network;
    this.clusterName = LoopbackCluster.randomClusterName();
    this.configDirectory = configDirectory;
    for (int i = 0; i < network.addresses().size(); i++) {
      hosts.add(new Host(this, i, network.namespace(i), network.address(i), network.hostVeth(i)));
    }
    this.shutdownHook = new Thread(this::deleteAll, network.tag() + "-cleanup");
  }

  /**
   * @return whether this machine lets the kit make network namespaces (checked once per JVM by
   *     making and deleting a throwaway one)
   */
  public static boolean available() {
    return Probe.REASON.isEmpty();
  }

  /**
   * @return why {@link #available()} is false, or a line saying they are available
   */
  public static String unavailableReason() {
    return Probe.REASON.orElse("network namespaces are available");
  }

  /**
   * Creates a bridge and {@code count} hosts on it; first deletes what a killed earlier run of the
   * kit left (once per JVM).
   *
   * @param count how many hosts, 1 to 16
   * @return the hosts, with no node running yet
   * @throws IllegalStateException naming the {@code ip} command that failed
   * @throws IOException           when the directory for the configuration files cannot be made
   */
  public static NetnsHosts create(int count) throws IOException {
    if (STALE_DELETED.compareAndSet(false, true)) {
      NetnsNetwork.deleteStale();
    }
    Path directory = Files.createTempDirectory(NetnsNetwork.PREFIX + "-hosts");
    NetnsNetwork network;
    try {
      network = NetnsNetwork.create(count);
    } catch (RuntimeException e) {
      deleteDirectory(directory);
      throw e;
    }
    NetnsHosts created = new NetnsHosts(network, directory);
    Runtime.getRuntime().addShutdownHook(created.shutdownHook);
    return created;
  }

  /**
   * The Hazelcast configuration of a host's node: {@link LoopbackCluster#memberConfig} bound to the
   * host's address on port {@value #HAZELCAST_PORT}, every host's address in its TCP-IP member
   * list (multicast and auto detection off), the split-brain merge searched every
   * {@value #MERGE_DELAY_SECONDS} s.
   *
   * @param host one of these hosts
   * @return a new configuration, free to change before {@link Host#start(Config, List, String...)}
   */
  public Config memberConfig(Host host) {
    Config config = LoopbackCluster.memberConfig(clusterName, addresses(), host.address());
    config.getNetworkConfig().setPort(HAZELCAST_PORT).setPortAutoIncrement(false);
    config.setProperty("hazelcast.merge.first.run.delay.seconds",
        Integer.toString(MERGE_DELAY_SECONDS));
    config.setProperty("hazelcast.merge.next.run.delay.seconds",
        Integer.toString(MERGE_DELAY_SECONDS));
    return config;
  }

  /**
   * Starts a node on every host at once ({@link Host#start(String...)}) and waits until each is
   * ready; on a failure kills those that started.
   *
   * @param verticles the verticles of each host's node (class names or {@link NodeMain#verticle})
   * @return the nodes, by host index
   * @throws Exception the first host's failure to start
   */
  public List<NodeProcess> startNodes(Function<Host, List<String>> verticles) throws Exception {
    return startNodes(this::memberConfig, verticles);
  }

  /**
   * Starts a node on every host at once, each with its own Hazelcast configuration ({@link
   * Host#start(Config, List, String...)}), and waits until each is ready; on a failure kills those
   * that started.
   *
   * @param memberConfig the Hazelcast configuration of each host's node (usually {@link
   *                     #memberConfig(Host)} with a change, such as a split-brain protection)
   * @param verticles    the verticles of each host's node (class names or {@link NodeMain#verticle})
   * @return the nodes, by host index
   * @throws Exception the first host's failure to start
   */
  public List<NodeProcess> startNodes(Function<Host, Config> memberConfig,
                                      Function<Host, List<String>> verticles) throws Exception {
    ExecutorService starter = Executors.newFixedThreadPool(hosts.size());
    try {
      List<Future<NodeProcess>> starting = hosts.stream()
          .map(h -> starter.submit(() -> h.start(memberConfig.apply(h), List.of(),
              verticles.apply(h).toArray(String[]::new))))
          .toList();
      List<NodeProcess> nodes = new ArrayList<>();
      for (Future<NodeProcess> node : starting) {
        nodes.add(node.get(ClusterNodes.START_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS));
      }
      return nodes;
    } catch (Exception e) {
      starter.shutdownNow();
      killAll();
      throw e;
    } finally {
      starter.shutdownNow();
    }
  }

  /**
   * Waits until the node of every given host reports a cluster of {@code expected} members.
   *
   * @param expected the cluster size
   * @param bound    the longest wait, for all of them together
   * @param which    the hosts whose nodes to ask
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError       naming the first node that did not within {@code bound}
   */
  public void awaitMembers(int expected, Duration bound, Host... which)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    for (Host host : which) {
      host.node().awaitMembers(expected,
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /**
   * @param index from 0
   * @return that host
   */
  public Host host(int index) {
    return hosts.get(index);
  }

  /**
   * @return every host, by index
   */
  public List<Host> hosts() {
    return List.copyOf(hosts);
  }

  /**
   * @return every host's address, by index
   */
  public List<String> addresses() {
    return network.addresses();
  }

  /**
   * @return the test JVM's own address on the bridge, the only root-namespace address in the
   *     hosts' network
   */
  public String bridgeAddress() {
    return network.bridgeAddress();
  }

  /**
   * @return the cluster name of the nodes, random per kit
   */
  public String clusterName() {
    return clusterName;
  }

  Path configDirectory() {
    return configDirectory;
  }

  /**
   * Kills every node (frozen or not), then deletes the namespaces, the bridge and the
   * configuration files. Idempotent.
   */
  @Override
  public void close() {
    deleteAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      LOG.debug("JVM shutting down; its hook deletes the hosts too");
    }
  }

  private synchronized void deleteAll() {
    if (closed) {
      return;
    }
    closed = true;
    killAll();
    network.delete();
    deleteDirectory(configDirectory);
  }

  private void killAll() {
    for (Host host : hosts) {
      try {
        host.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("{}: killing its node failed: {}", host, e.toString());
      }
    }
  }

  private static void deleteDirectory(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", directory, e.toString());
    }
  }

  /** The answer of {@link #available()}, probed once. */
  private static final class Probe {
    static final Optional<String> REASON = NetnsNetwork.probe();
  }
}
