package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.Sockets;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.Protocol;
import io.vertx.core.Context;
import io.vertx.core.net.NetSocket;

/**
 * Takes a TCP client of the frame or text protocol in: the PROXY protocol's trust check when it
 * is on, a place under the connection limits, then the connect hook. Nothing the client sends is
 * read until the hook has accepted it; a rejected one gets the protocol's close message with the
 * status and reason, and gives its place back, as does one that leaves meanwhile.
 *
 * <p>Threading: on the verticle's context.
 */
final class TcpAccept {

  private final ConnectionHost host;
  private final Context context;
  private final ProxyProtocolGate proxyGate;
  private final ConnectionRegistry connections;
  private final ConnectGate gate;

  TcpAccept(ConnectionHost host, Context context, ProxyProtocolGate proxyGate,
      ConnectionRegistry connections, ConnectGate gate) {
    this.host = host;
    this.context = context;
    this.proxyGate = proxyGate;
    this.connections = connections;
    this.gate = gate;
  }

  /** A new client of a TCP protocol. */
  void accept(NetSocket socket, Protocol protocol) {
    if (host.options().isProxyProtocol() && !proxyGate.admit(socket.remoteAddress(true),
        protocol.wireName())) {
      Sockets.abort(socket);
      return;
    }
    socket.pause();
    TcpConnection connection = new TcpConnection(host, context, socket, protocol);
    if (!connections.admit(connection)) {
      return;
    }
    gate.decide(Handshake.of(protocol, String.valueOf(socket.remoteAddress(true)),
        String.valueOf(connection.remoteAddress()))).onComplete(ar -> {
          ConnectDecision decision = ar.result().decision();
          if (!decision.accepted() || !connection.isOpen()) {
            connections.abandon(connection);
            connection.reject(decision); // nothing when it closed meanwhile
            return;
          }
          connection.admitted(ar.result().handshake(), decision);
          connections.accept(connection);
          socket.resume();
        });
  }
}
