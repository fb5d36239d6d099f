package dev.switchboard.bench.channel;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * One remote {@link ChannelClient} (its own TCP connection) as a {@link PubSubConnection}: what an
 * application outside the cluster would use, with its defaults apart from the server.
 *
 * <p>Threading: created on its context, so the client's futures and handlers run there.
 */
final class ChannelConnection implements PubSubConnection {

  private final Context context;
  private final ChannelClient client;

  private ChannelConnection(Context context, ChannelClient client) {
    this.context = context;
    this.client = client;
  }

  /**
   * Creates a client on {@code context} and connects it.
   *
   * @param vertx   the load generator's Vert.x instance
   * @param context the context the client will run on
   * @param server  {@code host:port} of the channel server
   * @return a future completed, on {@code context}, with the connected client
   */
  static Future<PubSubConnection> connect(Vertx vertx, Context context, String server) {
    Promise<PubSubConnection> connected = Promise.promise();
    context.runOnContext(v -> {
      // created on the context: the client takes the current context as its own
      ChannelClient client = ChannelClient.create(vertx,
          new ChannelClientOptions().setServers(List.of(server)));
      client.connect()
          .<PubSubConnection>map(c -> new ChannelConnection(context, client))
          .onFailure(e -> client.close())
          .onComplete(connected);
    });
    return connected.future();
  }

  /**
   * @return the client, for status requests
   */
  ChannelClient client() {
    return client;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Future<Void> subscribe(String channel, Handler<String> onMessage) {
    return client.on(channel, message -> onMessage.handle((String) message.data()));
  }

  @Override
  public Future<Void> publish(String channel, String payload) {
    return client.publish(channel, payload);
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
