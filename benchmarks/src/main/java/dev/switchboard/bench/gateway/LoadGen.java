package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the Node load generator ({@code benchmarks/gateway/loadgen.js}) against one server,
 * driven line by line: its events ({@code opened}, {@code window-start}, {@code window-end},
 * {@code drained}, {@code result}) are awaited in order, and a held run continues on
 * {@link #proceed()}. Its standard input is its control channel: should this JVM vanish, it
 * aborts.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class LoadGen implements WindowCpu.Window, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoadGen.class);

  private static final Duration EVENT_SLACK = Duration.ofSeconds(60);
  private static final Duration EXIT_BOUND = Duration.ofSeconds(30);

  /**
   * What to run.
   *
   * @param mode           {@code broadcast} or {@code idle}
   * @param connections    normal receiving connections
   * @param stalled        stalled connections
   * @param payload        message size, bytes
   * @param intervalMillis one message every this many milliseconds
   * @param warmup         sending before the measured window
   * @param duration       the measured window (idle and not held: how long to hold)
   * @param drain          how long to wait for messages in flight after the window
   * @param hold           whether to wait for {@link #proceed()} once open (idle) or drained
   * @param holdStart      broadcast: whether to wait for {@link #proceed()} once open, before the
   *                       first message
   */
  record Plan(String mode, int connections, int stalled, int payload, double intervalMillis,
              Duration warmup, Duration duration, Duration drain, boolean hold,
              boolean holdStart) {

    /**
     * @return a broadcast run
     */
    static Plan broadcast(int connections, int stalled, int payload, double intervalMillis,
                          Duration warmup, Duration duration, Duration drain, boolean hold) {
      return new Plan("broadcast", connections, stalled, payload, intervalMillis, warmup,
          duration, drain, hold, false);
    }

    /**
     * @return this plan, waiting for {@link #proceed()} once every connection is open before it
     *     sends the first message (broadcast)
     */
    Plan holdingStart() {
      return new Plan(mode, connections, stalled, payload, intervalMillis, warmup, duration,
          drain, hold, true);
    }

    /**
     * @param connections idle connections
     * @param hold        whether to hold them until {@link #proceed()} (else close at once)
     * @return an idle run
     */
    static Plan idle(int connections, boolean hold) {
      return new Plan("idle", connections, 0, 128, 10, Duration.ZERO, Duration.ZERO,
          Duration.ZERO, hold, false);
    }

    List<String> arguments() {
      List<String> a = new ArrayList<>(List.of("--mode", mode, "--connections",
          String.valueOf(connections)));
      if ("broadcast".equals(mode)) {
        a.addAll(List.of("--stalled", String.valueOf(stalled), "--payload",
            String.valueOf(payload), "--interval", Reproduce.number(intervalMillis),
            "--warmup", Args.seconds(warmup), "--duration",
            Args.seconds(duration), "--drain", Args.seconds(drain)));
      } else if (!hold) {
        a.addAll(List.of("--duration", Args.seconds(duration)));
      }
      if (hold) {
        a.add("--hold");
      }
      if (holdStart) {
        a.add("--hold-start");
      }
      return a;
    }

    /** How long opening every connection may take: 60 s plus 20 ms a connection. */
    Duration openBound() {
      return EVENT_SLACK.plusMillis(20L * (connections + stalled));
    }
  }

  private final NodeLoadProcess process;
  private final ChildProcess child;
  private final Plan plan;

  private LoadGen(NodeLoadProcess process, Plan plan) {
    this.process = process;
    this.child = process.child();
    this.plan = plan;
  }

  /**
   * Starts the load generator against a server.
   *
   * @param node        the Node runtime
   * @param server      the server
   * @param plan        what to run
   * @param workers     worker processes holding the receiving connections (0: none)
   * @param concurrency opening handshakes in flight at once
   * @param cleanup     where the process is registered
   * @return the running load generator
   * @throws IOException when it cannot be started
   */
  static LoadGen start(NodeRuntime node, GatewayServer server, Plan plan, int workers,
                       int concurrency, Cleanup cleanup) throws IOException {
    String url = server.kind().url(server.port());
    return start(node, List.of(url), url, server.kind().protocol(), plan, workers, concurrency,
        cleanup);
  }

  /**
   * Starts the load generator against several servers: the receiving connections go to each in
   * turn, the sender to its own.
   *
   * @param node         the Node runtime
   * @param receiverUrls the servers of the receiving connections
   * @param senderUrl    the server of the sender connection
   * @param protocol     {@code ws} or {@code socketio} ({@link ServerKind#protocol()})
   * @param plan         what to run
   * @param workers      worker processes holding the receiving connections (0: none)
   * @param concurrency  opening handshakes in flight at once
   * @param cleanup      where the process is registered
   * @return the running load generator
   * @throws IOException when it cannot be started
   */
  static LoadGen start(NodeRuntime node, List<String> receiverUrls, String senderUrl,
                       String protocol, Plan plan, int workers, int concurrency,
                       Cleanup cleanup) throws IOException {
    List<String> args = new ArrayList<>(List.of("--url", String.join(",", receiverUrls)));
    if (receiverUrls.size() != 1 || !receiverUrls.get(0).equals(senderUrl)) {
      args.addAll(List.of("--sender-url", senderUrl));
    }
    args.addAll(List.of("--protocol", protocol));
    args.addAll(plan.arguments());
    args.addAll(List.of("--workers", String.valueOf(workers), "--concurrency",
        String.valueOf(concurrency), "--control"));
    return new LoadGen(NodeLoadProcess.start(node, "loadgen.js", "load generator", args,
        String.join(" ", args), cleanup), plan);
  }

  /**
   * Waits until every connection is open.
   *
   * @return the {@code opened} event
   * @throws IllegalStateException when it does not come in time, or the load generator exits
   */
  JsonObject awaitOpened() {
    JsonObject opened = process.opened(await("opened", plan.openBound()));
    int errors = opened.getInteger("errors", 0);
    if (errors > 0) {
      LOG.warn("{} connection(s) failed to open, first: {}", errors,
          opened.getString("firstError"));
    }
    return opened;
  }

  /** Waits for the start of the measured window. */
  @Override
  public void awaitWindowStart() {
    await("window-start", plan.warmup().plus(EVENT_SLACK));
  }

  /** Waits for the end of the measured window. */
  @Override
  public void awaitWindowEnd() {
    await("window-end", plan.duration().plus(EVENT_SLACK));
  }

  /** Waits until the window's messages have arrived or the drain bound passed. */
  void awaitDrained() {
    await("drained", plan.drain().plus(EVENT_SLACK));
  }

  /** Ends a hold. */
  void proceed() {
    child.send("go");
  }

  /**
   * Waits for the result, then for the load generator to close its connections and exit.
   *
   * @return the figures
   * @throws IllegalStateException when the result does not come in time
   */
  LoadResult finish() {
    JsonObject result = await("result", plan.duration().plus(plan.drain()).plus(EVENT_SLACK));
    if (!child.awaitExit(EXIT_BOUND)) {
      LOG.warn("The load generator did not exit within {} s of its result",
          EXIT_BOUND.toSeconds());
    }
    return LoadResult.of(result);
  }

  private JsonObject await(String event, Duration bound) {
    return await(child, event, bound);
  }

  /**
   * Reads a load generator's event lines until the one awaited, skipping the others.
   *
   * @param child a load generator process ({@code loadgen.js}, {@code connect-loadgen.js})
   * @param event the event awaited
   * @param bound how long it may take
   * @return its line
   * @throws IllegalStateException when it does not come in time, the process exits, or its
   *     {@code result} comes first
   */
  static JsonObject await(ChildProcess child, String event, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    for (;;) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      JsonObject line = child.nextJson(left, "'" + event + "' from the load generator");
      String name = line.getString("event", "");
      if (name.equals(event)) {
        return line;
      }
      if ("failed".equals(name)) {
        throw new IllegalStateException("the load generator's " + line.getString("command")
            + " failed: " + line.getString("message"));
      }
      if ("result".equals(name)) {
        throw new IllegalStateException("the load generator reported before '" + event + "' ("
            + line.getInteger("connectErrors", line.getInteger("errors", 0))
            + " connection errors, first: " + line.getString("firstError") + ")");
      }
      LOG.debug("Load generator event {} while waiting for {}", name, event);
    }
  }

  /**
   * @return the load generator's processes (known once open)
   */
  @Override
  public List<Long> pids() {
    return process.pids();
  }

  /**
   * @return its command line, the server's port as {@code <port>}
   */
  String command() {
    return process.command();
  }

  /** Stops it if still running. */
  @Override
  public void close() {
    process.close();
  }
}
