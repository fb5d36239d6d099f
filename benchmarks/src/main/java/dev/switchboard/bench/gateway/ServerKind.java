package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Keyed;


/**
 * The WebSocket broadcast servers the gateway benchmark measures side by side.
 */
enum ServerKind implements Keyed {

  /** Our gateway: {@link GatewayBenchServer} in a child JVM. */
  OURS("ours", "ours", "ws"),
  /** Socket.IO 4, one Node process, {@code io.emit}: {@code gateway/socketio-server.js}. */
  SOCKET_IO("socketio", "Socket.IO", "socketio"),
  /** Plain {@code ws} 8, {@code clients.forEach(send)}: {@code gateway/ws-server.js}. */
  WS("ws", "ws", "ws");

  private final String key;
  private final String label;
  private final String protocol;

  ServerKind(String key, String label, String protocol) {
    this.key = key;
    this.label = label;
    this.protocol = protocol;
  }

  /**
   * @param key a key as given on the command line
   * @return the kind
   * @throws IllegalArgumentException when there is none of that key
   */
  static ServerKind of(String key) {
    return Keyed.of(values(), key, "server");
  }

  /**
   * @return the key: command line, CSV
   */
  @Override
  public String key() {
    return key;
  }

  /**
   * @return the name in the report
   */
  String label() {
    return label;
  }

  /**
   * @return how the load generator frames payloads for it: {@code ws} or {@code socketio}
   */
  String protocol() {
    return protocol;
  }

  /**
   * @param port the server's port on 127.0.0.1
   * @return the WebSocket URL the load generator connects to
   */
  String url(int port) {
    String base = "ws://127.0.0.1:" + port;
    return this == SOCKET_IO ? base + "/socket.io/?EIO=4&transport=websocket" : base + "/";
  }
}
