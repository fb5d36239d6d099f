package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the scale load generator ({@code benchmarks/gateway/scale-loadgen.js}): many idle
 * clients over several processes and source addresses, driven by commands on its standard input
 * ({@code counts}, {@code broadcast}, {@code storm}) answered by JSON lines. Should this JVM
 * vanish, its standard input closes and it stops.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class ScaleLoad implements AutoCloseable {

  private static final Duration EVENT_SLACK = Duration.ofSeconds(60);
  /** Bound of one opening handshake. */
  static final Duration HANDSHAKE_BOUND = Duration.ofSeconds(30);

  private final NodeLoadProcess process;
  private final ChildProcess child;
  private final int connections;

  private ScaleLoad(NodeLoadProcess process, int connections) {
    this.process = process;
    this.child = process.child();
    this.connections = connections;
  }

  /**
   * Starts the load generator; its clients start opening at once.
   *
   * @param node         the Node runtime
   * @param port         the server's port on 127.0.0.1
   * @param reconnect    the port clients reconnect to once closed (storm), or 0 for none
   * @param connections  clients
   * @param options      the scale options
   * @param cleanup      where the process is registered
   * @return the running load generator
   * @throws IOException when it cannot be started
   */
  static ScaleLoad start(NodeRuntime node, int port, int reconnect, int connections,
                         ScaleOptions options, Cleanup cleanup) throws IOException {
    List<String> args = new ArrayList<>(List.of("--url", ServerKind.OURS.url(port),
        "--connections", String.valueOf(connections), "--workers",
        String.valueOf(Math.min(options.workers(), connections)), "--sources",
        String.valueOf(options.sources()), "--concurrency", String.valueOf(options.concurrency()),
        "--handshake-timeout", String.valueOf(HANDSHAKE_BOUND.toMillis()), "--sample-every",
        String.valueOf(options.sampleEvery())));
    if (reconnect > 0) {
      args.addAll(List.of("--reconnect-url", ServerKind.OURS.url(reconnect)));
    }
    args.add("--control");
    return new ScaleLoad(NodeLoadProcess.start(node, "scale-loadgen.js", "scale load generator",
        args, String.join(" ", args), cleanup), connections);
  }

  /**
   * Waits until every client is open or failed.
   *
   * @return the {@code opened} line: opened, errors, firstError, acceptMillis, pids
   */
  JsonObject awaitOpened() {
    // a client may take a whole handshake bound; 5 ms a client: 100,000 at 200 handshakes/s
    Duration bound = HANDSHAKE_BOUND.plus(Duration.ofMillis(5L * connections))
        .plus(EVENT_SLACK);
    return process.opened(LoadGen.await(child, "opened", bound));
  }

  /** @return the {@code counts} line: open (clients open now), closes (by code and reason) */
  JsonObject counts() {
    child.send("counts");
    return LoadGen.await(child, "counts", EVENT_SLACK);
  }

  /**
   * Sends broadcasts through the server and collects what the clients received.
   *
   * @param options the scale options (count, interval, size)
   * @param drain   how long to wait after the last one
   * @return the {@code broadcast-result} line
   */
  JsonObject broadcast(ScaleOptions options, Duration drain) {
    child.send(String.join(" ", "broadcast", String.valueOf(options.broadcastMessages()),
        String.valueOf(options.broadcastInterval()), String.valueOf(options.broadcastPayload()),
        String.valueOf(drain.toMillis())));
    Duration bound = Duration.ofMillis((long) options.broadcastMessages()
        * options.broadcastInterval()).plus(drain).plus(EVENT_SLACK);
    return LoadGen.await(child, "broadcast-result", bound);
  }

  /** Asks for the storm's result once every client is back or the timeout passed (no wait). */
  void requestStorm(Duration timeout) {
    child.send("storm " + timeout.toMillis());
  }

  /**
   * @param timeout what {@link #requestStorm} was given
   * @return the {@code storm-result} line
   */
  JsonObject stormResult(Duration timeout) {
    return LoadGen.await(child, "storm-result", timeout.plus(EVENT_SLACK));
  }

  /** @return the load generator's processes, known once open */
  List<Long> pids() {
    return process.pids();
  }

  /** @return its command line, the ports as {@code <port>} */
  String command() {
    return process.command();
  }

  /** Stops it if still running. */
  @Override
  public void close() {
    process.close();
  }
}
