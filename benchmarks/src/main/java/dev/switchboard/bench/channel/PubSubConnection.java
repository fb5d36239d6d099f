package dev.switchboard.bench.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * One client connection of the channel benchmark, to our channel server or to redis-server: the
 * same three operations for both, so that the cell code is identical.
 *
 * <p>Threading: call it on {@link #context()}; its futures complete and its handler runs there.
 */
interface PubSubConnection {

  /**
   * @return the event-loop context the connection runs on
   */
  Context context();

  /**
   * Subscribes the connection to one channel.
   *
   * @param channel   the channel
   * @param onMessage called with each payload received on the channel
   * @return a future completed when the subscription is live (ours: cluster-wide; Redis: when
   *     the SUBSCRIBE confirmation arrived)
   */
  Future<Void> subscribe(String channel, Handler<String> onMessage);

  /**
   * Publishes one payload.
   *
   * @param channel the channel
   * @param payload the payload
   * @return a future completed when the server acknowledged it (ours: the ack; Redis: the
   *     integer reply of PUBLISH)
   */
  Future<Void> publish(String channel, String payload);

  /**
   * @return a future completed when the connection is closed
   */
  Future<Void> close();
}
