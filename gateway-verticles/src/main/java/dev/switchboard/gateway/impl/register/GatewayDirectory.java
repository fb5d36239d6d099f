package dev.switchboard.gateway.impl.register;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.gateway.impl.RoutingProtocol;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The cluster's GatewayWorker inner addresses as one Register sees them: the gateway nodes are
 * those of the channel space subscribed to the gateways' {@code all} channel (a node that dies or
 * stops its gateways leaves it); each is asked for its {@link InnerAddresses} every refresh
 * interval and whenever a node says its addresses changed. A node that does not answer in time
 * keeps the addresses it last gave; a node without inner listener has none. When the sorted list
 * changes, the listener hears it.
 *
 * <p>Threading: runs on the context that started it; the listener is called there.
 */
final class GatewayDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayDirectory.class);

  private final Vertx vertx;
  private final long interval;
  private final Consumer<List<String>> listener;
  private final Map<String, List<String>> byNode = new HashMap<>();
  private volatile List<String> current = List.of();
  private ChannelNode channels;
  private MessageConsumer<Object> changes;
  private long timer = -1;
  private boolean refreshing;
  private boolean again;
  private boolean stopped;

  /**
   * @param vertx    the Register's Vert.x
   * @param interval ms between two reads
   * @param listener hears every new list (sorted, no duplicates)
   */
  GatewayDirectory(Vertx vertx, long interval, Consumer<List<String>> listener) {
    this.vertx = vertx;
    this.interval = interval;
    this.listener = listener;
  }

  /**
   * Starts reading; call it on the Register's context, where everything of the directory runs
   * from then on.
   *
   * @return completed once the first list is read
   */
  Future<Void> start() {
    Context context = vertx.getOrCreateContext();
    Promise<ChannelNode> acquired = Promise.promise();
    // back on the Register's context: the channel node may complete on its own
    ChannelNode.acquire(vertx).onComplete(ar -> context.runOnContext(v -> acquired.handle(ar)));
    return acquired.future().compose(node -> {
      channels = node;
      changes = vertx.eventBus().consumer(InnerAddresses.CHANGED, message -> refresh());
      return changes.completion();
    }).compose(v -> {
      timer = vertx.setPeriodic(interval, t -> refresh());
      return read();
    });
  }

  /** @return the addresses as last read */
  List<String> addresses() {
    return current;
  }

  /** @return completed when stopped */
  Future<Void> stop() {
    stopped = true;
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    Future<Void> unregistered = changes == null ? Future.succeededFuture() : changes.unregister();
    return unregistered.eventually(() -> channels == null ? Future.succeededFuture()
        : channels.release());
  }

  private void refresh() {
    if (refreshing) {
      again = true; // one more read once this one is done: a change may have come meanwhile
      return;
    }
    read();
  }

  private Future<Void> read() {
    refreshing = true;
    List<String> nodes = channels.nodesFor(RoutingProtocol.ALL);
    byNode.keySet().retainAll(nodes);
    List<Future<?>> asks = new ArrayList<>(nodes.size());
    DeliveryOptions timeout = new DeliveryOptions().setSendTimeout(Math.max(interval, 1_000));
    for (String node : nodes) {
      asks.add(vertx.eventBus().<JsonArray>request(InnerAddresses.PREFIX + node, null, timeout)
          .onSuccess(reply -> byNode.put(node, strings(reply.body())))
          .onFailure(e -> {
            if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS) {
              byNode.put(node, List.of()); // a gateway node without inner listener
            } else {
              LOG.debug("Register: gateway node {} did not tell its addresses: {}", node,
                  e.toString()); // keeps those it gave last
            }
          }));
    }
    return Future.join(asks).<Void>mapEmpty().recover(e -> Future.succeededFuture())
        .onComplete(ar -> {
          refreshing = false;
          if (stopped) {
            return;
          }
          byNode.keySet().retainAll(channels.nodesFor(RoutingProtocol.ALL));
          TreeSet<String> all = new TreeSet<>();
          byNode.values().forEach(all::addAll);
          List<String> next = List.copyOf(all);
          if (!next.equals(current)) {
            LOG.info("Register: gateway addresses {} (were {})", next, current);
            current = next;
            listener.accept(next);
          }
          if (again) {
            again = false;
            read();
          }
        });
  }

  private static List<String> strings(JsonArray array) {
    List<String> list = new ArrayList<>();
    if (array != null) {
      array.forEach(entry -> {
        if (entry instanceof String s) {
          list.add(s);
        }
      });
    }
    return list;
  }
}
