package dev.switchboard.bench.soak;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayHandler;
import io.vertx.core.buffer.Buffer;

/**
 * The soak node's gateway handler: a text protocol of one command per WebSocket message, each
 * answered on the same connection once the cluster-wide call has completed.
 *
 * <ul>
 *   <li>{@code join G} → {@link Gateway#joinGroup}, answered {@code joined G} or
 *       {@code join-failed G WHY};</li>
 *   <li>{@code leave G} → {@link Gateway#leaveGroup}, answered {@code left G};</li>
 *   <li>{@code send G KEY PADDING} → {@link Gateway#sendToGroup} of {@code m G KEY PADDING},
 *       answered {@code sent KEY ok} or {@code sent KEY fail WHY};</li>
 *   <li>{@code ping}: nothing (it keeps the connection's heartbeat alive);</li>
 *   <li>anything else: {@code error unknown command}.</li>
 * </ul>
 *
 * <p>Benchmark only, on 127.0.0.1: group names are bounded by {@link #MAX_GROUP_LENGTH}, a
 * message by the gateway's {@code maxPackageSize}. Callbacks run on the connection's context;
 * answers go through {@link Connection#sendAsync} since the cluster calls complete elsewhere.
 */
final class SoakHandler implements GatewayHandler {

  /** The longest group name accepted. */
  static final int MAX_GROUP_LENGTH = 64;

  private final Gateway gateway;

  SoakHandler(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void onMessage(Connection connection, Buffer message) {
    String text = message.toString();
    String[] parts = text.split(" ", 3);
    if (parts.length >= 2 && parts[1].length() > MAX_GROUP_LENGTH) {
      connection.sendAsync("error group name too long");
      return;
    }
    switch (parts[0]) {
      case "ping" -> { }
      case "join" -> {
        if (parts.length != 2) {
          connection.sendAsync("error usage: join G");
          return;
        }
        gateway.joinGroup(connection.id(), parts[1]).onComplete(
            joined -> connection.sendAsync(joined ? "joined " + parts[1]
                : "join-failed " + parts[1] + " not-online"),
            e -> connection.sendAsync("join-failed " + parts[1] + " " + e));
      }
      case "leave" -> {
        if (parts.length != 2) {
          connection.sendAsync("error usage: leave G");
          return;
        }
        gateway.leaveGroup(connection.id(), parts[1]).onComplete(
            left -> connection.sendAsync("left " + parts[1]),
            e -> connection.sendAsync("left " + parts[1] + " " + e));
      }
      case "send" -> {
        if (parts.length != 3) {
          connection.sendAsync("error usage: send G KEY PADDING");
          return;
        }
        String key = parts[2].split(" ", 2)[0];
        gateway.sendToGroup(parts[1], "m " + parts[1] + " " + parts[2], null).onComplete(
            sent -> connection.sendAsync("sent " + key + " ok"),
            e -> connection.sendAsync("sent " + key + " fail " + e));
      }
      default -> connection.sendAsync("error unknown command");
    }
  }
}
