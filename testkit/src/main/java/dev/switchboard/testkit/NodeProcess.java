package dev.switchboard.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clustered node running in a separate JVM ({@link NodeMain}) on this test's class path, so a
 * test can kill it with SIGKILL ({@link #kill()}) as a crash would.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

  /** System property holding the JVM flags for child nodes (the Hazelcast Java 17 flags). */
  public static final String JVM_FLAGS_PROPERTY = "switchboard.jvm.flags";

  private final Process process;
  private final String memberAddress;

  private NodeProcess(Process process, String memberAddress) {
    this.process = process;
    this.memberAddress = memberAddress;
  }

  /**
   * Starts a node JVM and waits until it has joined and deployed its verticles.
   *
   * @param clusterName the cluster to join
   * @param members     {@code host:port} of members already running (empty for the first)
   * @param verticles   verticle class names to deploy
   * @return the running node
   * @throws Exception when it does not report ready within {@link ClusterNodes#START_TIMEOUT_SECONDS}
   */
  public static NodeProcess start(String clusterName, List<String> members, String... verticles)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String flags = System.getProperty(JVM_FLAGS_PROPERTY, "");
    if (!flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    }
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC",
        "-Dhazelcast.logging.type=slf4j", "-Dhazelcast.phone.home.enabled=false",
        "-Djava.net.preferIPv4Stack=true",
        "-cp", System.getProperty("java.class.path"), NodeMain.class.getName(),
        clusterName, members.isEmpty() ? "-" : String.join(",", members)));
    command.addAll(Arrays.asList(verticles));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> pump(process, ready), "node-" + process.pid() + "-output");
    pump.setDaemon(true);
    pump.start();
    try {
      String address = ready.get(ClusterNodes.START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("Node process pid={} ready, member {}", process.pid(), address);
      return new NodeProcess(process, address);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static void pump(Process process, CompletableFuture<String> ready) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(NodeMain.READY_PREFIX)) {
          ready.complete(line.substring(NodeMain.READY_PREFIX.length()).trim());
        } else {
          LOG.debug("[node {}] {}", process.pid(), line);
        }
      }
    } catch (IOException e) {
      LOG.debug("Output of node {} ended: {}", process.pid(), e.toString());
    }
    ready.completeExceptionally(new IllegalStateException(
        "node process " + process.pid() + " exited before it was ready"));
  }

  /**
   * @return {@code host:port} of this node's Hazelcast member
   */
  public String memberAddress() {
    return memberAddress;
  }

  /**
   * @return the operating-system process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Kills the JVM with SIGKILL (no shutdown hook runs) and waits until it is gone.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(ClusterNodes.CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node process " + process.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
