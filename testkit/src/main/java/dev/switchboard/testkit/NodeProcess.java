package dev.switchboard.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clustered node running in a separate JVM ({@link NodeMain}) on this test's class path, so a
 * test can kill it with SIGKILL ({@link #kill()}) as a crash would.
 *
 * <p>Not thread-safe: drive it from the test thread.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);

  private static final Pattern NODE_READY =
      Pattern.compile(Pattern.quote(NodeMain.READY_PREFIX) + "(\\S+)");

  private static final Pattern NODE_MEMBERS =
      Pattern.compile(Pattern.quote(NodeMain.MEMBERS_PREFIX) + "(\\d+)");

  /** System property holding the JVM flags for child nodes (the Hazelcast Java 17 flags). */
  public static final String JVM_FLAGS_PROPERTY = "switchboard.jvm.flags";

  /** The most cluster-size reports a node keeps ({@link #memberReports()}). */
  static final int REPORTS_KEPT = 1_000;

  private final Process process;
  private final String memberAddress;
  /** The last size reported; its monitor guards {@link #reports} too. */
  private final AtomicInteger members;
  private final List<Integer> reports;

  private NodeProcess(Process process, String memberAddress, AtomicInteger members,
      List<Integer> reports) {
    this.process = process;
    this.memberAddress = memberAddress;
    this.members = members;
    this.reports = reports;
  }

  /**
   * Starts a node JVM ({@link NodeMain}) and waits until it has joined and deployed its
   * verticles.
   *
   * @param clusterName the cluster to join
   * @param members     {@code host:port} of members already running (empty for the first)
   * @param verticles   verticle class names to deploy
   * @return the running node
   * @throws Exception when it does not report ready within {@link ClusterNodes#START_TIMEOUT_SECONDS}
   */
  public static NodeProcess start(String clusterName, List<String> members, String... verticles)
      throws Exception {
    return start(clusterName, members, List.of(), verticles);
  }

  /**
   * Starts a node JVM ({@link NodeMain}) with extra JVM flags (a flight recorder, say) and waits
   * until it has joined and deployed its verticles.
   *
   * @param clusterName the cluster to join
   * @param members     {@code host:port} of members already running (empty for the first)
   * @param jvmFlags    JVM flags added after {@value #JVM_FLAGS_PROPERTY}'s
   * @param verticles   verticle class names to deploy
   * @return the running node
   * @throws Exception when it does not report ready within {@link ClusterNodes#START_TIMEOUT_SECONDS}
   */
  public static NodeProcess start(String clusterName, List<String> members, List<String> jvmFlags,
                                  String... verticles) throws Exception {
    List<String> args = new ArrayList<>(List.of(clusterName,
        members.isEmpty() ? "-" : String.join(",", members)));
    args.addAll(Arrays.asList(verticles));
    return launch(new ProcessBuilder(nodeCommand(jvmFlags, args)), NODE_READY);
  }

  /**
   * @param jvmFlags JVM flags added after {@value #JVM_FLAGS_PROPERTY}'s and before the class path
   * @param args     {@link NodeMain}'s arguments
   * @return the command line of a node JVM on this JVM's class path
   */
  static List<String> nodeCommand(List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String flags = System.getProperty(JVM_FLAGS_PROPERTY, "");
    if (!flags.isBlank()) {
      command.addAll(Arrays.asList(flags.trim().split("\\s+")));
    }
    command.addAll(jvmFlags);
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC",
        "-Dhazelcast.logging.type=slf4j", "-Dhazelcast.phone.home.enabled=false",
        "-Djava.net.preferIPv4Stack=true",
        "-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
    command.addAll(args);
    return command;
  }

  /**
   * Starts a node command whose output follows {@link NodeMain}'s (its ready line and its
   * cluster-size lines) and waits until it is ready.
   */
  static NodeProcess launchNode(ProcessBuilder builder) throws Exception {
    return launch(builder, NODE_READY);
  }

  /**
   * Starts any node command (a launcher script, say) and waits for its first output line that
   * matches {@code ready}; its first group names the node (its Hazelcast member address
   * where the line shows one, see {@link #memberAddress()}).
   *
   * @param builder the command, its environment and directory
   * @param ready   the pattern of the ready line, naming the node in group 1
   * @return the running node
   * @throws Exception when no line matches within {@link ClusterNodes#START_TIMEOUT_SECONDS}
   */
  public static NodeProcess launch(ProcessBuilder builder, Pattern ready) throws Exception {
    Process process = builder.redirectErrorStream(true).start();
    CompletableFuture<String> address = new CompletableFuture<>();
    AtomicInteger members = new AtomicInteger(-1);
    List<Integer> reports = new ArrayList<>();
    Thread pump = new Thread(() -> pump(process, ready, address, members, reports),
        "node-" + process.pid() + "-output");
    pump.setDaemon(true);
    pump.start();
    try {
      String member = address.get(ClusterNodes.START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("Node process pid={} ready, member {}", process.pid(), member);
      return new NodeProcess(process, member, members, reports);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static void pump(Process process, Pattern ready, CompletableFuture<String> address,
                           AtomicInteger members, List<Integer> reports) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        Matcher matcher = ready.matcher(line);
        if (!address.isDone() && matcher.find()) {
          address.complete(matcher.group(1));
        }
        Matcher size = NODE_MEMBERS.matcher(line);
        if (size.find()) {
          int reported = Integer.parseInt(size.group(1));
          synchronized (members) {
            members.set(reported);
            reports.add(reported);
            if (reports.size() > REPORTS_KEPT) {
              reports.remove(0);
            }
            members.notifyAll();
          }
          LOG.info("Node {} sees {} members", process.pid(), size.group(1));
        }
        LOG.debug("[node {}] {}", process.pid(), line);
      }
    } catch (IOException e) {
      LOG.debug("Output of node {} ended: {}", process.pid(), e.toString());
    }
    address.completeExceptionally(new IllegalStateException(
        "node process " + process.pid() + " exited before it was ready"));
  }

  /**
   * @return {@code host:port} of this node's Hazelcast member (for {@link #launch}: group 1 of
   *     its ready line)
   */
  public String memberAddress() {
    return memberAddress;
  }

  /**
   * @return the size of the cluster this node last reported ({@link NodeMain#MEMBERS_PREFIX}
   *     lines), or -1 before its first report or for a node that prints none; safe from any
   *     thread
   */
  public int members() {
    return members.get();
  }

  /**
   * @return the cluster sizes this node reported, oldest first (the last {@value #REPORTS_KEPT}
   *     at most), so that a test can see a size it did not wait for; safe from any thread
   */
  public List<Integer> memberReports() {
    synchronized (members) {
      return List.copyOf(reports);
    }
  }

  /**
   * Waits until this node reports a cluster of {@code expected} members.
   *
   * @param expected the cluster size to wait for
   * @param bound    the longest wait
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError       when the node does not report that size within {@code bound}
   *     (the message names the size it reported last)
   */
  public void awaitMembers(int expected, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (members) {
      while (members.get() != expected) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          throw new AssertionError("node " + process.pid() + " saw " + members.get()
              + " members, not " + expected + ", within " + bound);
        }
        members.wait(left); // woken by the output pump at each report
      }
    }
  }

  /**
   * @return whether the JVM is still running (a frozen JVM is)
   */
  public boolean isAlive() {
    return process.isAlive();
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

  /**
   * Stops the JVM with SIGTERM (its shutdown hooks run) and waits until it is gone.
   *
   * @return the exit code
   * @throws InterruptedException when interrupted while waiting
   */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(ClusterNodes.CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      kill();
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
