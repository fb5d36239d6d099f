package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Option;

/**
 * The options of a gateway server child process of the benchmark ({@link GatewayBenchServer},
 * {@link GroupSendNode}): a picocli mixin of their command lines.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
final class ServerOptions {

  private int port;
  private int maxSendBuffer = GatewayBenchServer.DEFAULT_MAX_SEND_BUFFER;

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
  private boolean help;

  @Option(names = "--port", paramLabel = "P",
      description = "WebSocket port (default 0: a free port)")
  private void port(String s) {
    port = Args.integer("--port", s, 0, 65_535);
  }

  @Option(names = "--max-send-buffer", paramLabel = "BYTES",
      description = "the gateway's maxSendBufferSize, overflow DROP (default 1048576)")
  private void maxSendBuffer(String s) {
    maxSendBuffer = Args.integer("--max-send-buffer", s, 1_024, Integer.MAX_VALUE);
  }

  /** @return the WebSocket port, 0 for a free one */
  int port() {
    return port;
  }

  /** @return the gateway's maxSendBufferSize */
  int maxSendBuffer() {
    return maxSendBuffer;
  }
}
