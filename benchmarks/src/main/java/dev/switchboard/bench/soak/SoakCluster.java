package dev.switchboard.bench.soak;

import dev.switchboard.bench.common.ChildJvm;
import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.RedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's {@value #NODES} node JVMs ({@link SoakNode}) in one Hazelcast cluster of their own
 * (a random name) on 127.0.0.1. Each node keeps its WebSocket and channel ports for the whole
 * run, so a restarted node listens where its clients reconnect; every process is registered with
 * the {@link Cleanup}.
 *
 * <p>Thread-safe: the node table is guarded by this object (the sampler reads it while the main
 * thread restarts nodes).
 */
final class SoakCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SoakCluster.class);

  /** Nodes. */
  static final int NODES = 3;
  /** The node JVMs' heap: as the gateway benchmark's server, smaller (three of them). */
  static final List<String> HEAP_FLAGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");

  private static final Pattern READY = Pattern.compile("^READY member=(\\S+) pid=(\\d+)");
  private static final Duration START_BOUND = Duration.ofSeconds(120);

  /** One running node. */
  record Incarnation(int node, int incarnation, long pid, long startNanos) {
  }

  private final String cluster = "sb-soak-" + UUID.randomUUID();
  private final Cleanup cleanup;
  private final int maxSendBuffer;
  private final int[] wsPorts = new int[NODES];
  private final int[] channelPorts = new int[NODES];
  private final String[] members = new String[NODES];
  private final ChildProcess[] children = new ChildProcess[NODES];
  private final Cleanup.Registration[] registrations = new Cleanup.Registration[NODES];
  private final Incarnation[] running = new Incarnation[NODES];
  private final List<Incarnation> all = new ArrayList<>();
  private String shownCommand;

  private SoakCluster(Cleanup cleanup, int maxSendBuffer) {
    this.cleanup = cleanup;
    this.maxSendBuffer = maxSendBuffer;
  }

  /**
   * Starts the nodes one after the other.
   *
   * @param cleanup       where the processes are registered
   * @param maxSendBuffer the gateways' send buffer bound
   * @return the running cluster
   * @throws IOException when a node cannot be started
   */
  static SoakCluster start(Cleanup cleanup, int maxSendBuffer) throws IOException {
    SoakCluster cluster = new SoakCluster(cleanup, maxSendBuffer);
    for (int i = 0; i < NODES; i++) {
      cluster.wsPorts[i] = RedisServer.freePort();
      cluster.channelPorts[i] = RedisServer.freePort();
    }
    for (int i = 0; i < NODES; i++) {
      cluster.launch(i);
    }
    return cluster;
  }

  private void launch(int i) throws IOException {
    List<String> others = new ArrayList<>();
    synchronized (this) {
      for (int j = 0; j < NODES; j++) {
        if (j != i && members[j] != null) {
          others.add(members[j]);
        }
      }
    }
    List<String> args = new ArrayList<>(List.of("--cluster", cluster,
        "--ws-port", String.valueOf(wsPorts[i]), "--channel-port", String.valueOf(channelPorts[i]),
        "--max-send-buffer", String.valueOf(maxSendBuffer)));
    if (!others.isEmpty()) {
      args.addAll(List.of("--members", String.join(",", others)));
    }
    List<String> command = ChildJvm.command(HEAP_FLAGS, SoakNode.class, args);
    String name = "soak node " + (i + 1);
    ChildProcess child = ChildProcess.start(name, command, Path.of("").toAbsolutePath(), READY);
    Cleanup.Registration registration = cleanup.register(name + " pid " + child.pid(), child);
    Matcher ready;
    try {
      ready = child.awaitReady(START_BOUND);
    } catch (RuntimeException e) {
      registration.close();
      throw e;
    }
    synchronized (this) {
      members[i] = ready.group(1);
      children[i] = child;
      registrations[i] = registration;
      int incarnation = running[i] == null ? 1 : running[i].incarnation() + 1;
      running[i] = new Incarnation(i + 1, incarnation, child.pid(), System.nanoTime());
      all.add(running[i]);
      if (shownCommand == null) {
        shownCommand = shown(command);
      }
    }
    LOG.info("{} (incarnation {}) pid {}: WebSocket 127.0.0.1:{}, channel 127.0.0.1:{}, member {}",
        name, running[i].incarnation(), child.pid(), wsPorts[i], channelPorts[i], members[i]);
  }

  /**
   * Stops node {@code i} (SIGTERM: Vert.x closed, a graceful leave; SIGKILL after 10 s) and starts
   * it again on the same ports.
   *
   * @param i        the node's index
   * @param restarts where the restart's window is recorded
   * @throws IOException when it cannot be started again
   */
  void restart(int i, RestartLog restarts) throws IOException {
    Cleanup.Registration registration;
    synchronized (this) {
      registration = registrations[i];
      members[i] = null;
      running[i] = running[i] == null ? null : new Incarnation(i + 1,
          running[i].incarnation(), -1, running[i].startNanos());
    }
    LOG.info("Restarting soak node {}", i + 1);
    restarts.stopping();
    registration.close();
    launch(i);
    restarts.ready(i + 1, pid(i));
  }

  /** @return the running incarnations (pid -1 while a node is down) */
  synchronized List<Incarnation> running() {
    return List.of(running);
  }

  /** @return every incarnation so far, in start order */
  synchronized List<Incarnation> incarnations() {
    return List.copyOf(all);
  }

  /** @return the process of node i */
  synchronized long pid(int i) {
    return children[i].pid();
  }

  /** @return the WebSocket port of node i */
  int wsPort(int i) {
    return wsPorts[i];
  }

  /** @return the channel server port of node i */
  int channelPort(int i) {
    return channelPorts[i];
  }

  /** @return the Hazelcast cluster name */
  String clusterName() {
    return cluster;
  }

  /** @return host:port of the members now running */
  synchronized List<String> members() {
    List<String> list = new ArrayList<>();
    for (String m : members) {
      if (m != null) {
        list.add(m);
      }
    }
    return list;
  }

  /** @return how a node is started, for the report (no class path, no random values) */
  synchronized String shownCommand() {
    return shownCommand;
  }

  private static String shown(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    shown.set(0, Path.of(shown.get(0)).getFileName().toString());
    for (int i = 0; i + 1 < shown.size(); i++) {
      switch (shown.get(i)) {
        case "-cp" -> shown.set(i + 1, "<benchmarks class path>");
        case "--cluster" -> shown.set(i + 1, "<random name>");
        case "--members" -> shown.set(i + 1, "<member addresses of the other nodes>");
        case "--ws-port", "--channel-port" -> shown.set(i + 1, "<fixed free port>");
        default -> { }
      }
    }
    return String.join(" ", shown);
  }

  /** Stops every node. */
  @Override
  public void close() {
    Cleanup.Registration[] copy;
    synchronized (this) {
      copy = registrations.clone();
    }
    for (Cleanup.Registration r : copy) {
      if (r != null) {
        r.close();
      }
    }
  }
}
