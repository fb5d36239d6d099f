package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the connect load generator ({@code benchmarks/gateway/connect-loadgen.js}) against
 * one server, driven by its event lines ({@code opened}, {@code window-start},
 * {@code window-end}, {@code result}). Its standard input is its control channel: should this JVM
 * vanish, it aborts.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class ConnectLoad implements WindowCpu.Window, AutoCloseable {

  private static final Duration EVENT_SLACK = Duration.ofSeconds(60);
  /** Bound of one cycle's handshake, up to the confirmation. */
  private static final Duration HANDSHAKE_BOUND = Duration.ofSeconds(10);

  private final NodeLoadProcess process;
  private final ChildProcess child;
  private final ConnectOptions options;

  private ConnectLoad(NodeLoadProcess process, ConnectOptions options) {
    this.process = process;
    this.child = process.child();
    this.options = options;
  }

  /**
   * Starts the load generator against a server.
   *
   * @param node    the Node runtime
   * @param server  which connect server it is
   * @param port    its port on 127.0.0.1
   * @param token   the token every client presents
   * @param options the scenario's options
   * @param cleanup where the process is registered
   * @return the running load generator
   * @throws IOException when it cannot be started
   */
  static ConnectLoad start(NodeRuntime node, ConnectServer server, int port, String token,
                           ConnectOptions options, Cleanup cleanup) throws IOException {
    List<String> args = new ArrayList<>(List.of("--url", server.url(port, token), "--protocol",
        server.kind().protocol(), "--token", token, "--concurrency",
        String.valueOf(options.concurrency()), "--warmup", Args.seconds(options.warmup()),
        "--duration", Args.seconds(options.duration()), "--handshake-timeout",
        String.valueOf(HANDSHAKE_BOUND.toMillis()), "--workers",
        String.valueOf(options.workers()), "--control"));
    return new ConnectLoad(NodeLoadProcess.start(node, "connect-loadgen.js", "connect load generator", args,
        String.join(" ", args).replace(token, "<token>"), cleanup), options);
  }

  /** Waits for its first line, which names its processes. */
  void awaitOpened() {
    process.opened(LoadGen.await(child, "opened", EVENT_SLACK));
  }

  @Override
  public void awaitWindowStart() {
    LoadGen.await(child, "window-start", options.warmup().plus(EVENT_SLACK));
  }

  @Override
  public void awaitWindowEnd() {
    LoadGen.await(child, "window-end", options.duration().plus(EVENT_SLACK));
  }

  @Override
  public List<Long> pids() {
    return process.pids();
  }

  /**
   * Waits for the result (the cycles in flight at the window's end finish first).
   *
   * @return the figures
   * @throws IllegalStateException when the result does not come in time
   */
  ConnectResult finish() {
    JsonObject result = LoadGen.await(child, "result", HANDSHAKE_BOUND.multipliedBy(2)
        .plus(EVENT_SLACK));
    return ConnectResult.of(result);
  }

  /** @return its command line, the port as {@code <port>} and the token as {@code <token>} */
  String command() {
    return process.command();
  }

  /** Stops it if still running. */
  @Override
  public void close() {
    process.close();
  }
}
