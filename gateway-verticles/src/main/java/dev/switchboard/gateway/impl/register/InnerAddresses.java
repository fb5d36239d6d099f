package dev.switchboard.gateway.impl.register;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.core.internal.NodeScoped;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The GatewayWorker inner addresses ({@code ip:port} that PHP BusinessWorkers and GatewayClients
 * dial) of one gateway node, told to every Register of the cluster: the node answers
 * {@link #PREFIX}{@code <node id>} with the sorted list, and publishes {@link #CHANGED} when it
 * changes so that Registers read it again at once. The node id is the node's id in the channel
 * space: the Registers find the gateway nodes there (the nodes subscribed to the gateways'
 * {@code all} channel), so a node that dies leaves their lists with it.
 *
 * <p>Threading: any thread.
 */
public final class InnerAddresses {

  /** Event-bus address prefix where a node answers its addresses; its node id follows. */
  static final String PREFIX = "switchboard.gatewayworker.inner.";
  /** Event-bus address where nodes tell the Registers that their addresses changed. */
  static final String CHANGED = "switchboard.gatewayworker.changed";

  private static final NodeScoped<InnerAddresses> NODES = new NodeScoped<>(
      InnerAddresses::open, InnerAddresses::close, NodeScoped.OnVertxClose.CLOSE);

  private final Vertx vertx;
  private final ChannelNode channels;
  /** The addresses, each with the number of its announcements not withdrawn; under this. */
  private final Map<String, Integer> addresses = new TreeMap<>();
  private MessageConsumer<Object> consumer;

  private InnerAddresses(Vertx vertx, ChannelNode channels) {
    this.vertx = vertx;
    this.channels = channels;
  }

  private static Future<InnerAddresses> open(Vertx vertx) {
    return ChannelNode.acquire(vertx).compose(channels -> {
      InnerAddresses node = new InnerAddresses(vertx, channels);
      node.consumer = vertx.eventBus().consumer(PREFIX + channels.id(),
          message -> message.reply(node.list()));
      return node.consumer.completion().map(node)
          .recover(e -> channels.release().transform(ar -> Future.failedFuture(e)));
    });
  }

  private Future<Void> close() {
    return consumer.unregister().eventually(channels::release);
  }

  /**
   * Adds an inner address of this node; the Registers of the cluster list it from now on (until
   * each of its announcements is withdrawn: a node's verticles share one address).
   *
   * @param vertx   the node
   * @param address {@code ip:port} as PHP dials it
   * @return completed once the node answers with it; give it back with {@link #withdraw}
   */
  public static Future<Void> announce(Vertx vertx, String address) {
    Objects.requireNonNull(address, "address");
    return NODES.acquire(vertx).map(node -> {
      synchronized (node) {
        node.addresses.merge(address, 1, Integer::sum);
      }
      node.changed();
      return null;
    });
  }

  /**
   * Removes an inner address announced by {@link #announce} (the node's last one given back stops
   * the node's answers).
   *
   * @param vertx   the node
   * @param address the address
   * @return completed when done
   */
  public static Future<Void> withdraw(Vertx vertx, String address) {
    InnerAddresses node = NODES.current(vertx);
    if (node == null) {
      return Future.succeededFuture();
    }
    synchronized (node) {
      node.addresses.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
    node.changed();
    return NODES.release(vertx);
  }

  private synchronized JsonArray list() {
    return new JsonArray(new ArrayList<>(addresses.keySet()));
  }

  private void changed() {
    vertx.eventBus().publish(CHANGED, channels.id());
  }
}
