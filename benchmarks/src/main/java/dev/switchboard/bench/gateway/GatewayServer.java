package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.testkit.NodeProcess;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One broadcast server under test, started as a child process listening on 127.0.0.1 and a free
 * port: ours ({@link GatewayBenchServer} in a JVM with the benchmark's class path and JVM flags),
 * or a Node peer ({@code socketio-server.js}, {@code ws-server.js}, node with
 * {@code --expose-gc}). Registered with the {@link Cleanup} so that it is stopped whatever
 * happens.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class GatewayServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  /**
   * Heap and collector of our server JVM; the benchmark's own flags come after them and win. The
   * initial heap is small so that the heap follows what the server keeps: by default it would be
   * 1/64 of the machine's memory (384 MiB on 24 GiB), which the serial collector never shrinks
   * below, and a young generation touched once stays resident whatever the connections hold.
   */
  static final List<String> OUR_HEAP_FLAGS = List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC");

  private static final Pattern READY = Pattern.compile("^READY port=(\\d+)");
  private static final Duration START_BOUND = Duration.ofSeconds(60);
  private static final Duration MEMORY_BOUND = Duration.ofSeconds(60);

  private final ServerKind kind;
  private final ChildProcess child;
  private final Cleanup.Registration registration;
  private final int port;
  private final String command;

  private GatewayServer(ServerKind kind, ChildProcess child, Cleanup.Registration registration,
                        int port, String command) {
    this.kind = kind;
    this.child = child;
    this.registration = registration;
    this.port = port;
    this.command = command;
  }

  /**
   * Starts a server and waits for its ready line.
   *
   * @param kind          which server
   * @param node          the Node runtime (for the peers)
   * @param maxSendBuffer our server's send buffer bound per connection, bytes
   * @param cleanup       where the process is registered
   * @return the running server
   * @throws IOException           when it cannot be started
   * @throws IllegalStateException when it does not get ready
   */
  static GatewayServer start(ServerKind kind, NodeRuntime node, int maxSendBuffer,
                             Cleanup cleanup) throws IOException {
    return start(kind, node, maxSendBuffer, List.of(), cleanup);
  }

  /**
   * Starts a server with more arguments and waits for its ready line.
   *
   * @param kind          which server
   * @param node          the Node runtime (for the peers)
   * @param maxSendBuffer our server's send buffer bound per connection, bytes
   * @param more          more arguments of its command line (the connect scenario's
   *                      {@code --connect-ack}, {@code --jwt-secret S}); a secret is not shown in
   *                      the report
   * @param cleanup       where the process is registered
   * @return the running server
   * @throws IOException           when it cannot be started
   * @throws IllegalStateException when it does not get ready
   */
  static GatewayServer start(ServerKind kind, NodeRuntime node, int maxSendBuffer,
                             List<String> more, Cleanup cleanup) throws IOException {
    List<String> command = command(kind, node, maxSendBuffer);
    command.addAll(more);
    Path directory = kind == ServerKind.OURS ? Path.of("").toAbsolutePath() : node.dir();
    ChildProcess child = ChildProcess.start(kind.label() + " server", command, directory, READY);
    Cleanup.Registration registration = cleanup.register(kind.label() + " server pid "
        + child.pid(), child);
    try {
      Matcher ready = child.awaitReady(START_BOUND);
      int port = Integer.parseInt(ready.group(1));
      LOG.info("{} server pid {} listening on 127.0.0.1:{}", kind.label(), child.pid(), port);
      return new GatewayServer(kind, child, registration, port, summary(kind, command));
    } catch (RuntimeException e) {
      registration.close();
      throw e;
    }
  }

  private static List<String> command(ServerKind kind, NodeRuntime node, int maxSendBuffer) {
    List<String> command = new ArrayList<>();
    if (kind == ServerKind.OURS) {
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(OUR_HEAP_FLAGS);
      String flags = System.getProperty(NodeProcess.JVM_FLAGS_PROPERTY, "");
      if (!flags.isBlank()) {
        command.addAll(Arrays.asList(flags.trim().split("\\s+")));
      }
      command.addAll(List.of("-Djava.net.preferIPv4Stack=true",
          "-Dvertx.logger-delegate-factory-class-name="
              + "io.vertx.core.logging.SLF4JLogDelegateFactory",
          "-Dlogback.configurationFile=logback-bench.xml",
          "-cp", System.getProperty("java.class.path"), GatewayBenchServer.class.getName(),
          "--port", "0", "--max-send-buffer", String.valueOf(maxSendBuffer)));
    } else {
      command.addAll(List.of(node.node(), "--expose-gc", node.script(
          kind == ServerKind.SOCKET_IO ? "socketio-server.js" : "ws-server.js"), "--port", "0"));
    }
    return command;
  }

  /** The command for the report, without the long class path. */
  private static String summary(ServerKind kind, List<String> command) {
    List<String> shown = new ArrayList<>(command);
    int cp = shown.indexOf("-cp");
    if (cp >= 0 && cp + 1 < shown.size()) {
      shown.set(cp + 1, "<benchmarks class path>");
    }
    int secret = shown.indexOf("--jwt-secret");
    if (secret >= 0 && secret + 1 < shown.size()) {
      shown.set(secret + 1, "<secret>");
    }
    if (kind != ServerKind.OURS) {
      shown.set(0, "node");
      shown.set(2, "benchmarks/gateway/" + Path.of(shown.get(2)).getFileName());
    }
    return String.join(" ", shown);
  }

  /**
   * Collects garbage in the server, then reads its memory figures.
   *
   * @return the figures
   * @throws Exception when they cannot be read
   */
  ServerMemory memory() throws Exception {
    if (kind == ServerKind.OURS) {
      long heap = JvmHeap.usedAfterGc(pid());
      return new ServerMemory(ProcStatus.rssBytes(pid()), ProcStatus.peakRssBytes(pid()), heap,
          -1);
    }
    child.send("mem");
    JsonObject m = child.nextJson(MEMORY_BOUND, "memory figures");
    return new ServerMemory(ProcStatus.rssBytes(pid()), ProcStatus.peakRssBytes(pid()),
        m.getLong("heapUsed", -1L), m.getLong("external", -1L));
  }

  /**
   * Ours with {@code --loop-delay}: the event-loop delays its probe recorded since the previous
   * call ({@link LoopDelayProbe}).
   *
   * @return the probe's answer: count, p50Ms, p99Ms, p999Ms, maxMs
   */
  JsonObject loopDelay() {
    child.send(LoopDelayProbe.COMMAND);
    return child.nextJson(MEMORY_BOUND, "event-loop delays");
  }

  /** Kills it at once (SIGKILL): no shutdown hook, no close frame, its sockets reset. */
  void kill() {
    ProcessHandle.of(pid()).ifPresent(ProcessHandle::destroyForcibly);
    child.awaitExit(Duration.ofSeconds(10));
  }

  /**
   * @return which server
   */
  ServerKind kind() {
    return kind;
  }

  /**
   * @return its port on 127.0.0.1
   */
  int port() {
    return port;
  }

  /**
   * @return its process id
   */
  long pid() {
    return child.pid();
  }

  /**
   * @return whether it is still running
   */
  boolean alive() {
    return child.alive();
  }

  /**
   * @return how it was started, for the report
   */
  String command() {
    return command;
  }

  /** Stops it (SIGTERM, then SIGKILL after a bound). */
  @Override
  public void close() {
    registration.close();
  }
}
