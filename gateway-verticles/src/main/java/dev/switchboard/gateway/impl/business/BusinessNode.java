package dev.switchboard.gateway.impl.business;

import dev.switchboard.channel.internal.ChannelNode;
import dev.switchboard.channel.internal.PeerFlow;
import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.Deployments;
import dev.switchboard.core.internal.NodeScoped;
import dev.switchboard.gateway.BusinessOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 * <p>A client's events run here one at a time, in order ({@link ClientLane}): an event that
 * arrives while the client's previous one still runs (its gateway stopped waiting for it after
 * {@code businessTimeout} and sent the next) waits for it. One event may wait so; a further one is
 * refused ({@link BusinessProtocol#BUSY}), and the gateway closes the client. A client's lane
 * goes with its close event, or when its gateway node has left the cluster (checked every
 * {@value #SWEEP_INTERVAL} ms), so that nothing stays of clients whose close never comes.
 *
 * <p>When Vert.x closes (a JVM stopped by SIGTERM), the node drains before anything is undeployed
 * ({@link BusinessDrain}, at most {@code stopDrainTimeout}): its consumers stay registered, so
 * that nothing sent to it is dropped unanswered by the event bus (which drops a message from
 * another node that finds no consumer), but every new event is refused
 * ({@link BusinessProtocol#NO_INSTANCE}: the gateway sends it elsewhere at once); the events it
 * took run to their answer. Then Vert.x undeploys the node and leaves the cluster.
 *
 * <p>Threading: events arrive on the node's own context and run on the instance's context;
 * instances come and go from any thread (the instance list is guarded by this object's lock);
 * the lanes are kept on the node's context.
 */
final class BusinessNode {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessNode.class);

  /** Interval of the check for clients of gateway nodes that left, in ms. */
  static final long SWEEP_INTERVAL = 2_000;

  /** Events of one client that may wait here behind its running one (close events aside). */
  static final int MAX_WAITING = 1;

  /**
   * The business nodes of each Vert.x instance, by business. Each instance start takes a use that
   * it never gives back: they live until Vert.x closes, which undeploys them itself.
   */
  private static final NodeScoped<Map<String, Future<BusinessNode>>> NODES = new NodeScoped<>(
      vertx -> Future.succeededFuture(new HashMap<>()), byBusiness -> Future.succeededFuture(),
      NodeScoped.OnVertxClose.FORGET);

  private final String business;
  private final MetricsOptions metrics;
  private final long drainTimeout;
  private final String nodeAddress;
  private final DeliveryOptions answer;
  private final List<BusinessInstance> instances = new ArrayList<>();
  /** Client id to its lane; on the node's context. */
  private final Map<String, ClientLane> lanes = new HashMap<>();
  private int next;
  /** The lanes and the events waiting in them, counted for the meters (written on the context). */
  private volatile int laneCount;
  private volatile int waitingCount;
  private volatile long forgotten;
  private BusinessDrain drain;
  private Context context;
  private ChannelNode channels;

  private BusinessNode(String business, MetricsOptions metrics, long drainTimeout) {
    this.business = business;
    this.metrics = metrics;
    this.drainTimeout = drainTimeout;
    this.nodeAddress = BusinessProtocol.nodeAddress(business, UUID.randomUUID().toString());
    this.answer = new DeliveryOptions().addHeader(BusinessProtocol.INSTANCE, nodeAddress);
  }

  /**
   * @param vertx   the node
   * @param options the options of the instance asking: those of the first instance to start the
   *                node decide whether its meters are registered and how long it drains when
   *                Vert.x closes
   * @return the node's entry point of that business, started on first use and kept until Vert.x
   *     closes
   */
  static Future<BusinessNode> of(Vertx vertx, BusinessOptions options) {
    Map<String, Future<BusinessNode>> byBusiness = NODES.acquire(vertx).result(); // never pending
    synchronized (byBusiness) {
      return byBusiness.computeIfAbsent(options.getBusiness(), b -> {
        BusinessNode node = new BusinessNode(b, options.getMetrics(),
            options.getStopDrainTimeout());
        Future<BusinessNode> started = Deployments.detached(vertx, node.new NodeVerticle())
            .map(node);
        started.onFailure(e -> {
          synchronized (byBusiness) {
            byBusiness.remove(b, started);
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

  /**
   * @return the node's counters: {@code instances}, {@code clients} (clients with a lane here:
   *     pinned, running or waiting), {@code waiting} (events waiting behind a running one),
   *     {@code forgotten} (clients dropped because their gateway node left)
   */
  Future<JsonObject> status() {
    Promise<JsonObject> status = Promise.promise();
    context.runOnContext(v -> {
      int waiting = 0;
      for (ClientLane lane : lanes.values()) {
        waiting += lane.waiting.size();
      }
      status.complete(new JsonObject().put("business", business)
          .put("instances", instanceCount()).put("clients", lanes.size())
          .put("waiting", waiting).put("forgotten", forgotten));
    });
    return status.future();
  }

  synchronized int instanceCount() {
    return instances.size();
  }

  /** @return the clients with a lane here (from any thread) */
  int clientCount() {
    return laneCount;
  }

  /** @return the events waiting behind a running one (from any thread) */
  int waitingCount() {
    return waitingCount;
  }

  /** @return the clients forgotten because their gateway node left (from any thread) */
  long forgottenCount() {
    return forgotten;
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

  static boolean isClose(Message<Buffer> event) {
    return BusinessProtocol.CLOSE.equals(event.headers().get(BusinessProtocol.EVENT));
  }

  /** Handles an event, then notes it for acknowledgement to the sender's business window. */
  private void onEvent(Message<Buffer> event) {
    String type = event.headers().get(BusinessProtocol.EVENT);
    if (drain.silent()) { // only under a test's hook (DrainWindow)
      DrainWindow.Hook hook = DrainWindow.current();
      if (hook != null) {
        hook.dropped(business, type);
      }
      return;
    }
    boolean probe = BusinessProtocol.PROBE.equals(type);
    if (drain.received() && !probe) {
      event.fail(BusinessProtocol.NO_INSTANCE, "business '" + business + "' stops on this node");
    } else {
      handle(event);
    }
    ChannelNode node = channels;
    if (node != null) {
      // acknowledged by an ack message: the answer comes later, from the instance
      node.flow().received(PeerFlow.Path.BUSINESS, event.headers());
    }
  }

  private void handle(Message<Buffer> event) {
    if (BusinessProtocol.PROBE.equals(event.headers().get(BusinessProtocol.EVENT))) {
      event.reply(null, new DeliveryOptions().addHeader(BusinessProtocol.INSTANCE, nodeAddress)
          .addHeader(BusinessProtocol.INSTANCES, String.valueOf(instanceCount())));
      return;
    }
    if (BusinessProtocol.ROUTE.equals(event.headers().get(BusinessProtocol.EVENT))) {
      if (instanceCount() == 0) {
        event.fail(BusinessProtocol.NO_INSTANCE, noInstance());
      } else {
        event.reply(null, answer); // this node takes the client: its address and channel id
      }
      return;
    }
    String client = event.headers().get(BusinessProtocol.CLIENT);
    if (client == null) {
      BusinessInstance instance = pick(null);
      if (instance == null) {
        event.fail(BusinessProtocol.NO_INSTANCE, noInstance());
      } else {
        drain.started(); // the instance refuses it with the reason
        instance.handle(event, answer, () -> context.runOnContext(v -> drain.finished()));
      }
      return;
    }
    ClientLane lane = lanes.get(client);
    if (lane != null && lane.running) {
      if (!isClose(event) && lane.waitingEvents() >= MAX_WAITING) {
        event.fail(BusinessProtocol.BUSY, "the previous events of client " + client
            + " still run on business '" + business + "'");
        return;
      }
      lane.waiting.add(event); // runs when the one running now is done
      waitingCount++;
      return;
    }
    run(client, lane == null ? new ClientLane(client) : lane, event);
  }

  /** Runs an event of a client whose lane is not running. */
  private void run(String client, ClientLane lane, Message<Buffer> event) {
    BusinessInstance instance = pick(lane.instance);
    if (instance == null) {
      event.fail(BusinessProtocol.NO_INSTANCE, noInstance());
      lane.instance = null;
      done(client, lane);
      return;
    }
    lane.instance = instance;
    lane.running = true;
    lanes.put(client, lane);
    laneCount = lanes.size();
    boolean last = isClose(event);
    drain.started();
    instance.handle(event, answer, () -> context.runOnContext(v -> {
      drain.finished();
      lane.running = false;
      if (last) {
        lane.instance = null; // the client is gone: its next lane starts afresh
      }
      done(client, lane);
    }));
  }

  /** A lane's event finished (or could not run): the next waiting one, or the lane goes. */
  private void done(String client, ClientLane lane) {
    if (!lane.waiting.isEmpty()) {
      waitingCount--;
      run(client, lane, lane.waiting.remove(0));
    } else if (lane.instance == null && lanes.get(client) == lane) {
      lanes.remove(client); // nothing to keep: no pin, nothing running or waiting
      laneCount = lanes.size();
    }
  }

  private String noInstance() {
    return "no instance of business '" + business + "' on this node";
  }

  /**
   * Drained: tells the gateways this node has left (before Vert.x removes its consumers), with
   * the clients whose events it took and did not finish; whatever else they sent it was refused
   * or will be dropped, never handled, so they send it elsewhere.
   */
  private void left() {
    JsonArray unfinished = new JsonArray();
    lanes.forEach((client, lane) -> {
      if (!lane.idle()) {
        unfinished.add(client);
      }
    });
    context.owner().eventBus().publish(BusinessProtocol.left(business), unfinished,
        new DeliveryOptions().addHeader(BusinessProtocol.INSTANCE, nodeAddress)
            .addHeader(BusinessProtocol.RUNNING, String.valueOf(drain.running())));
    LOG.info("Business '{}' left this node ({} clients' events unfinished)", business,
        unfinished.size());
  }

  /** Forgets the idle lanes of clients whose gateway node has left the cluster. */
  private void sweep() {
    Map<String, Boolean> gatewayAlive = new HashMap<>();
    for (Iterator<ClientLane> it = lanes.values().iterator(); it.hasNext(); ) {
      ClientLane lane = it.next();
      if (lane.idle() && !gatewayAlive.computeIfAbsent(lane.home,
          home -> !channels.nodesFor(home).isEmpty())) {
        it.remove();
        forgotten++;
      }
    }
    laneCount = lanes.size();
    if (LOG.isDebugEnabled() && gatewayAlive.containsValue(false)) {
      LOG.debug("Business '{}': clients of gateway nodes that left forgotten ({} in all)",
          business, forgotten);
    }
  }

  /** The node's own context: its consumers go with Vert.x, not with a business instance. */
  private final class NodeVerticle extends VerticleBase {

    private long sweepTimer = -1;
    private Runnable removeMeters = () -> { };

    @Override
    public Future<?> start() {
      BusinessNode.this.context = context;
      drain = new BusinessDrain(business, drainTimeout, context, BusinessNode.this::left);
      return ChannelNode.acquire(vertx).compose(acquired -> {
        channels = acquired;
        answer.addHeader(BusinessProtocol.NODE, acquired.id()); // before any event is answered
        MessageConsumer<Buffer> shared = vertx.eventBus().consumer(
            BusinessProtocol.address(business), BusinessNode.this::onEvent);
        MessageConsumer<Buffer> own = vertx.eventBus().consumer(nodeAddress,
            BusinessNode.this::onEvent);
        sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL, t -> sweep());
        removeMeters = BusinessMeters.node(vertx, metrics, business,
            BusinessNode.this);
        drain.register(vertx);
        return Future.all(shared.completion(), own.completion());
      });
    }

    @Override
    public Future<?> stop() {
      Map<String, Future<BusinessNode>> byBusiness = NODES.current(vertx);
      if (byBusiness != null) { // else Vert.x closes: forgotten already
        synchronized (byBusiness) {
          byBusiness.remove(business);
        }
      }
      drain.unregister(vertx);
      vertx.cancelTimer(sweepTimer);
      removeMeters.run();
      return channels == null ? Future.succeededFuture() : channels.release();
    }
  }
}
