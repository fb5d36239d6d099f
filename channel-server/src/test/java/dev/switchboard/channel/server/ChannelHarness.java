package dev.switchboard.channel.server;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/** Servers on port 0 and clients to them, all closed by {@link #close()}. */
final class ChannelHarness implements AutoCloseable {

  private final List<ChannelClient> clients = new ArrayList<>();
  private final List<ChannelServer> servers = new ArrayList<>();

  ChannelServer server(Vertx vertx) {
    return server(vertx, new ChannelServerOptions());
  }

  ChannelServer server(Vertx vertx, ChannelServerOptions options) {
    ChannelServer server = Await.result(ChannelServer.create(vertx,
        new ChannelServerOptions(options).setPort(options.getPort() == ChannelServerOptions.DEFAULT_PORT
            ? 0 : options.getPort())).listen());
    servers.add(server);
    return server;
  }

  static ChannelClientOptions to(ChannelServer... servers) {
    List<String> list = new ArrayList<>();
    for (ChannelServer server : servers) {
      list.add("127.0.0.1:" + server.actualPort());
    }
    return new ChannelClientOptions().setServers(list);
  }

  /** A connected remote client. */
  ChannelClient remote(Vertx vertx, ChannelClientOptions options) {
    ChannelClient client = track(ChannelClient.create(vertx, options));
    Await.result(client.connect());
    return client;
  }

  ChannelClient remote(Vertx vertx, ChannelServer server) {
    return remote(vertx, to(server));
  }

  /** A connected local client. */
  ChannelClient local(Vertx vertx) {
    ChannelClient client = track(ChannelClient.local(vertx));
    Await.result(client.connect());
    return client;
  }

  ChannelClient track(ChannelClient client) {
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(c -> Await.result(c.close()));
    servers.forEach(s -> Await.result(s.close()));
  }
}
