package dev.switchboard.gateway.impl;

import dev.switchboard.channel.impl.Deployments;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The business verticles of one business on one node, as the gateways see them: two event-bus
 * consumers that live as long as the node (not as long as an instance, so that a redeploy never
 * leaves the cluster routing events to consumers that are gone): the business's shared address
 * and this node's own address, where a client's later events go. Each event goes to the local
 * instance the client is pinned to, or to the next instance round-robin; with no instance on the
 * node, the gateway is told so ({@link BusinessProtocol#NO_INSTANCE}) and tries elsewhere.
 *
 * <p>Threading: events arrive on the node's own context and run on the instance's context;
 * instances come and go from any thread (the instance list is guarded by this object's lock).
 */
final class BusinessNode {

  private static final Map<Vertx, Map<String, Future<BusinessNode>>> NODES = new HashMap<>();

  private final String business;
  private final String nodeAddress;
  private final DeliveryOptions answer;
  private final List<BusinessInstance> instances = new ArrayList<>();
  /** Client id to the instance serving it; on the node's context. */
  private final Map<String, BusinessInstance> pinned = new HashMap<>();
  private int next;

  private BusinessNode(String business) {
    this.business = business;
    this.nodeAddress = BusinessProtocol.nodeAddress(business, UUID.randomUUID().toString());
    this.answer = new DeliveryOptions().addHeader(BusinessProtocol.INSTANCE, nodeAddress);
  }

  /**
   * @param vertx    the node
   * @param business the business
   * @return the node's entry point of that business, started on first use and kept until Vert.x
   *     closes
   */
  static Future<BusinessNode> of(Vertx vertx, String business) {
    synchronized (NODES) {
      return NODES.computeIfAbsent(vertx, v -> new HashMap<>()).computeIfAbsent(business, b -> {
        BusinessNode node = new BusinessNode(b);
        Future<BusinessNode> started = Deployments.detached(vertx, node.new NodeVerticle())
            .map(node);
        started.onFailure(e -> {
          synchronized (NODES) {
            NODES.getOrDefault(vertx, Map.of()).remove(b, started);
          }
        });
        return started;
      });
    }
  }

  synchronized void add(BusinessInstance instance) {
    instances.add(instance);
  }

  synchronized void remove(BusinessInstance instance) {
    instances.remove(instance);
  }

  private synchronized int instanceCount() {
    return instances.size();
  }

  private synchronized BusinessInstance pick(BusinessInstance current) {
    if (current != null && instances.contains(current)) {
      return current;
    }
    if (instances.isEmpty()) {
      return null;
    }
    next = (next + 1) % instances.size();
    return instances.get(next);
  }

  private void onEvent(Message<Buffer> event) {
    if (BusinessProtocol.PROBE.equals(event.headers().get(BusinessProtocol.EVENT))) {
      event.reply(null, new DeliveryOptions().addHeader(BusinessProtocol.INSTANCE, nodeAddress)
          .addHeader(BusinessProtocol.INSTANCES, String.valueOf(instanceCount())));
      return;
    }
    String client = event.headers().get(BusinessProtocol.CLIENT);
    BusinessInstance instance = pick(client == null ? null : pinned.get(client));
    if (instance == null) {
      event.fail(BusinessProtocol.NO_INSTANCE, "no instance of business '" + business
          + "' on this node");
      return;
    }
    boolean last = BusinessProtocol.CLOSE.equals(event.headers().get(BusinessProtocol.EVENT));
    if (client != null) {
      if (last) {
        pinned.remove(client);
      } else {
        pinned.put(client, instance);
      }
    }
    instance.handle(event, answer);
  }

  /** The node's own context: its consumers go with Vert.x, not with a business instance. */
  private final class NodeVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
      MessageConsumer<Buffer> shared = vertx.eventBus().consumer(
          BusinessProtocol.address(business), BusinessNode.this::onEvent);
      MessageConsumer<Buffer> own = vertx.eventBus().consumer(nodeAddress,
          BusinessNode.this::onEvent);
      return Future.all(shared.completion(), own.completion());
    }

    @Override
    public Future<?> stop() {
      synchronized (NODES) {
        Map<String, Future<BusinessNode>> byBusiness = NODES.get(vertx);
        if (byBusiness != null) {
          byBusiness.remove(business);
          if (byBusiness.isEmpty()) {
            NODES.remove(vertx);
          }
        }
      }
      return Future.succeededFuture();
    }
  }
}
