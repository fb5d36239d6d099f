package dev.switchboard.testkit;

import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigXmlGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One host of {@link NetnsHosts}: a network namespace with its own address, at most one node JVM
 * running in it at a time, and the faults a test inflicts on it. Each fault is idempotent, bounded
 * in time ({@link Commands#TIMEOUT_SECONDS} per command) and logged.
 *
 * <p>Thread-safe: every method is synchronized, so that the kit's shutdown hook and a test thread
 * may meet.
 */
public final class Host {

  private static final Logger LOG = LoggerFactory.getLogger(Host.class);
  /** How often {@link #freeze()} and {@link #thaw()} look whether the signal has taken effect. */
  private static final long STATE_POLL_MILLIS = 10;

  private final NetnsHosts hosts;
  private final int index;
  private final String namespace;
  private final String address;
  private final String link;
  private NodeProcess node;
  private boolean partitioned;
  private boolean frozen;

  Host(NetnsHosts hosts, int index, String namespace, String address, String link) {
    this.hosts = hosts;
    this.index = index;
    this.namespace = namespace;
    this.address = address;
    this.link = link;
  }

  /**
   * Starts a node JVM ({@link NodeMain}) in this host's namespace with {@link
   * NetnsHosts#memberConfig(Host)}, and waits until it has joined and deployed its verticles.
   *
   * @param verticles verticles to deploy: class names, or {@link NodeMain#verticle} with a config
   * @return the running node
   * @throws Exception when it does not report ready within {@link ClusterNodes#START_TIMEOUT_SECONDS}
   */
  public NodeProcess start(String... verticles) throws Exception {
    return start(hosts.memberConfig(this), List.of(), verticles);
  }

  /**
   * Starts a node JVM in this host's namespace as a user deploys one: its Hazelcast configuration
   * written as XML and named by {@code -Dvertx.hazelcast.config}, its event bus bound to this
   * host's address ({@link NodeMain#HOST_PROPERTY}, as {@code -cluster-host}); waits until it
   * has joined and deployed its verticles.
   *
   * @param memberConfig the Hazelcast configuration (usually {@link NetnsHosts#memberConfig(Host)}
   *                     with a change)
   * @param jvmFlags     extra JVM flags
   * @param verticles    verticles to deploy: class names, or {@link NodeMain#verticle}
   * @return the running node
   * @throws IllegalStateException when a node of this host is still running
   * @throws Exception when it does not report ready within {@link ClusterNodes#START_TIMEOUT_SECONDS}
   */
  public synchronized NodeProcess start(Config memberConfig, List<String> jvmFlags,
                                        String... verticles) throws Exception {
    if (node != null && node.isAlive()) {
      throw new IllegalStateException(this + " already runs node " + node.pid());
    }
    Path xml = writeXml(memberConfig);
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.add("-D" + NodeMain.HOST_PROPERTY + "=" + address);
    flags.add("-D" + NodeMain.HAZELCAST_CONFIG_PROPERTY + "=" + xml);
    List<String> args = new ArrayList<>(List.of(memberConfig.getClusterName(), "-"));
    args.addAll(Arrays.asList(verticles));
    List<String> command = Commands.concat(List.of("ip", "netns", "exec", namespace),
        NodeProcess.nodeCommand(flags, args));
    frozen = false;
    LOG.info("{}: starting a node", this);
    node = NodeProcess.launchNode(new ProcessBuilder(command));
    return node;
  }

  private Path writeXml(Config memberConfig) throws IOException {
    return Files.writeString(hosts.configDirectory().resolve(namespace + ".xml"),
        new ConfigXmlGenerator(true, false).generate(memberConfig));
  }

  /**
   * @return this host's node, the last one started
   * @throws IllegalStateException when none was started
   */
  public synchronized NodeProcess node() {
    if (node == null) {
      throw new IllegalStateException(this + " has no node");
    }
    return node;
  }

  /**
   * @return whether a node was started here and its JVM still runs (frozen or not)
   */
  public synchronized boolean hasLiveNode() {
    return node != null && node.isAlive();
  }

  /**
   * Cuts this host off the others and the test JVM: its link to the bridge goes down, so that
   * every packet to or from it is dropped. Idempotent.
   */
  public synchronized void partition() {
    if (!partitioned) {
      Commands.run("ip", "link", "set", link, "down");
      partitioned = true;
      LOG.info("{}: partitioned (link {} down)", this, link);
    }
  }

  /**
   * Ends {@link #partition()}: its link to the bridge comes up again. Idempotent.
   */
  public synchronized void heal() {
    if (partitioned) {
      Commands.run("ip", "link", "set", link, "up");
      partitioned = false;
      LOG.info("{}: healed (link {} up)", this, link);
    }
  }

  /**
   * Freezes the node's JVM with SIGSTOP, as a long pause or a stopped virtual machine would, and
   * returns once it is stopped. Idempotent; does nothing without a live node.
   */
  public synchronized void freeze() {
    if (hasLiveNode() && !frozen) {
      Commands.run("kill", "-STOP", Long.toString(node.pid()));
      frozen = true;
      awaitState(node.pid(), true);
      LOG.info("{}: node {} frozen (SIGSTOP)", this, node.pid());
    }
  }

  /**
   * Resumes a node frozen by {@link #freeze()} with SIGCONT and returns once it runs again.
   * Idempotent.
   */
  public synchronized void thaw() {
    if (hasLiveNode() && frozen) {
      Commands.run("kill", "-CONT", Long.toString(node.pid()));
      awaitState(node.pid(), false);
      LOG.info("{}: node {} thawed (SIGCONT)", this, node.pid());
    }
    frozen = false;
  }

  /**
   * Kills the node's JVM with SIGKILL (frozen or not; no shutdown hook runs) and waits until it
   * is gone. Idempotent.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized void kill() throws InterruptedException {
    if (hasLiveNode()) {
      LOG.info("{}: killing node {} (SIGKILL)", this, node.pid());
      node.kill();
    }
    frozen = false;
  }

  /**
   * Waits until the process is stopped, or no longer stopped: a signal is delivered when the
   * process is next scheduled, after {@code kill} has returned (on a loaded machine a moment
   * later). Polls every {@value #STATE_POLL_MILLIS} ms, at most {@link Commands#TIMEOUT_SECONDS}.
   *
   * @throws IllegalStateException when the state did not come in time (or the process is gone)
   */
  private static void awaitState(long pid, boolean stopped) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Commands.TIMEOUT_SECONDS);
    while (true) {
      char state;
      try {
        state = processState(pid);
      } catch (IOException e) {
        throw new IllegalStateException("process " + pid + " is gone: " + e, e);
      }
      if ((state == 'T') == stopped) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("process " + pid + " still in state " + state + " after "
            + Commands.TIMEOUT_SECONDS + " s (waiting for it to be " + (stopped ? "" : "no longer ")
            + "stopped)");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(STATE_POLL_MILLIS));
    }
  }

  /**
   * @param pid a process id
   * @return the state letter of the process ({@code T} when stopped), from {@code /proc/<pid>/stat}
   * @throws IOException when the process is gone
   */
  static char processState(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  /**
   * @return whether {@link #partition()} is in force
   */
  public synchronized boolean isPartitioned() {
    return partitioned;
  }

  /**
   * @return whether the node is frozen by {@link #freeze()}
   */
  public synchronized boolean isFrozen() {
    return frozen;
  }

  /**
   * @return the index of this host, from 0
   */
  public int index() {
    return index;
  }

  /**
   * @return this host's address, on the bridge of {@link NetnsHosts}
   */
  public String address() {
    return address;
  }

  /**
   * @return the name of this host's network namespace
   */
  public String namespace() {
    return namespace;
  }

  /** @return this host's veth end on the bridge, in the root namespace */
  String link() {
    return link;
  }

  @Override
  public String toString() {
    return "host " + index + " (" + address + ", " + namespace + ")";
  }
}
