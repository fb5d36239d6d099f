package dev.switchboard.bench.gateway;

import dev.switchboard.bench.common.Keyed;

import java.util.ArrayList;
import java.util.List;

/**
 * The four servers of the connect scenario ({@link ConnectScenario}): ours and Socket.IO 4, each
 * without and with a JWT check of the token every client presents.
 */
enum ConnectServer implements Keyed {

  /** {@link GatewayBenchServer} with the default connect hook, no token check. */
  OURS("ours", ServerKind.OURS, false),
  /** {@link GatewayBenchServer} with the gateway's {@code jwt} option (HS256). */
  OURS_JWT("ours+jwt", ServerKind.OURS, true),
  /** {@code socketio-server.js} without middleware. */
  SOCKET_IO("socketio", ServerKind.SOCKET_IO, false),
  /** {@code socketio-server.js} with the {@code io.use} JWT middleware (jsonwebtoken, HS256). */
  SOCKET_IO_JWT("socketio+jwt", ServerKind.SOCKET_IO, true);

  private final String key;
  private final ServerKind kind;
  private final boolean jwt;

  ConnectServer(String key, ServerKind kind, boolean jwt) {
    this.key = key;
    this.kind = kind;
    this.jwt = jwt;
  }

  /**
   * @param key a key as given on the command line
   * @return the server
   * @throws IllegalArgumentException when there is none of that key
   */
  static ConnectServer of(String key) {
    return Keyed.of(values(), key, "connect server");
  }

  /** @return the key: command line, CSV */
  @Override
  public String key() {
    return key;
  }

  /** @return the name in the report */
  String label() {
    return kind.label() + (jwt ? " + JWT" : "");
  }

  /** @return the server program */
  ServerKind kind() {
    return kind;
  }

  /** @return whether it checks every client's token */
  boolean jwt() {
    return jwt;
  }

  /**
   * @param secret the run's HS256 secret
   * @return the arguments the server program gets beyond its port
   */
  List<String> serverArguments(String secret) {
    List<String> jwtArgs = jwt ? List.of("--jwt-secret", secret) : List.of();
    if (kind != ServerKind.OURS) {
      return jwtArgs;
    }
    List<String> args = new ArrayList<>(List.of("--connect-ack"));
    args.addAll(jwtArgs);
    return args;
  }

  /**
   * @param port  the server's port on 127.0.0.1
   * @param token the token every client presents
   * @return the URL clients connect to: ours with the token as its {@code token} query parameter
   *     (Socket.IO clients send it in their CONNECT packet instead)
   */
  String url(int port, String token) {
    String url = kind.url(port);
    return kind == ServerKind.OURS ? url + "?token=" + token : url;
  }
}
