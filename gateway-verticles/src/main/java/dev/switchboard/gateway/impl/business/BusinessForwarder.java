package dev.switchboard.gateway.impl.business;

import dev.switchboard.channel.internal.PeerFlow;
import dev.switchboard.core.internal.Backoff;
import dev.switchboard.gateway.CloseReason;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.ConnectionState;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.LocalGateway;
import dev.switchboard.gateway.impl.Counter;
import dev.switchboard.gateway.impl.GatewayStats;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link GatewayHandler} of a gateway verticle that forwards to business verticles: each
 * client's events queue up in order and go out one at a time, the next only when a business
 * instance has answered the previous one. Before a client's first event, the gateway asks the
 * business's shared address which node takes the client ({@link BusinessProtocol#ROUTE}: a node
 * chosen round-robin, which has instances and does not stop), then sends the event to that node's
 * own address, and the client stays pinned to that node ({@link BusinessNode}). When that node has
 * no instance any more the gateway asks again; when no instance is anywhere (a redeploy) it asks
 * with backoff for {@code businessTimeout}, after
 * which the event is dropped and the client closed ({@link CloseReason#NO_BUSINESS}). An event
 * an instance does not answer in time, or fails, is counted and not retried (at most once). After
 * a timeout the client's next event still goes to the same node, which runs it only once the
 * late one is done ({@link BusinessNode}), so a client's events never overlap; a node that still
 * runs one and has another waiting refuses a third ({@link BusinessProtocol#BUSY}): the client's
 * waiting events are dropped, it is closed ({@link CloseReason#NO_BUSINESS}) and only its close
 * event goes on. A client with many events waiting, or many bytes
 * ({@link GatewayOptions#getMaxBusinessQueueSize()}), stops being read until the queue shrinks.
 *
 * <p>A business node that stops says, once drained and before its consumers go, that it has left
 * and which clients' events it took and did not finish ({@link BusinessProtocol#left}). An event
 * on its way to it of any other client was refused there or dropped unanswered (Vert.x drops what
 * reaches a node whose consumers are gone), never handled: it goes to another node at once
 * instead of timing out, and the clients pinned to the node are pinned afresh. A question of
 * which node takes a client has no effect, so one left unanswered is asked again after
 * {@value #ROUTE_TIMEOUT} ms (or at once on such news).
 *
 * <p>Threading: every callback and answer runs on the gateway verticle's context.
 */
public final class BusinessForwarder implements GatewayHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessForwarder.class);

  /** Events waiting for one client at which its connection stops being read. */
  static final int PAUSE_AT = 64;
  /** Events waiting at which a paused connection is read again. */
  static final int RESUME_AT = 16;
  /** Retries of an event no instance took: 10 ms, doubling, at most 500 ms apart (no jitter). */
  static final Backoff RETRY = new Backoff(10, 500);
  static final Buffer NOTHING = Buffer.buffer(0);
  /** The longest wait for the answer to which node takes a client, in ms (then asked again). */
  static final long ROUTE_TIMEOUT = 1_000;

  final Vertx vertx;
  final EventBus eventBus;
  final String business;
  final String sharedAddress;
  final long timeout;
  final int maxQueueBytes;
  final GatewayStats stats;
  final Consumer<Connection> closeNoBusiness;
  final ClientSessions sessions;
  private final BusinessHandshakes handshakes; // null without businessHandshake
  final BusinessWindows windows;
  final Map<Connection, ClientLink> links = new HashMap<>();
  final Map<BusinessMeters.Result, Timer> calls;

  /**
   * @param vertx           the gateway's Vert.x
   * @param options         the gateway verticle's options (its business)
   * @param stats           the verticle's counters
   * @param closeNoBusiness closes a client no business took (reason {@code no_business}, its
   *                        close event follows)
   * @param sessions        the clients' sessions, sent with each event and written back
   * @param flow            the node's peer windows, or null while its routing is not up
   */
  public BusinessForwarder(Vertx vertx, GatewayOptions options, GatewayStats stats,
      Consumer<Connection> closeNoBusiness, ClientSessions sessions, Supplier<PeerFlow> flow) {
    this.windows = new BusinessWindows(flow);
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.business = options.getBusiness();
    this.sharedAddress = BusinessProtocol.address(business);
    this.timeout = options.getBusinessTimeout();
    this.maxQueueBytes = options.getMaxBusinessQueueSize();
    this.stats = stats;
    this.closeNoBusiness = closeNoBusiness;
    this.sessions = sessions;
    this.calls = BusinessMeters.calls(vertx, options.getMetrics(), business);
    this.handshakes = options.isBusinessHandshake()
        ? new BusinessHandshakes(vertx, options, RETRY, stats) : null;
  }

  /**
   * With {@code businessHandshake}: the business decides ({@link BusinessHandshakes}); without,
   * every client is accepted.
   */
  @Override
  public Future<ConnectDecision> onHandshake(Handshake handshake) {
    if (handshakes == null) {
      return Future.succeededFuture(ConnectDecision.accept());
    }
    return handshakes.decide(handshake);
  }

  /** Listens for business nodes that leave (on the verticle's context: it goes with it). */
  @Override
  public void onStart(LocalGateway gateway) {
    eventBus.<JsonArray>consumer(BusinessProtocol.left(business), this::left);
  }

  /** A business node drained and leaves: what was on its way there goes elsewhere. */
  private void left(Message<JsonArray> notice) {
    String node = notice.headers().get(BusinessProtocol.INSTANCE);
    if (node == null || !(notice.body() instanceof JsonArray)) {
      LOG.warn("Gateway: ignored a malformed notice of a business '{}' node leaving", business);
      return;
    }
    Set<String> unfinished = new HashSet<>();
    notice.body().forEach(client -> unfinished.add(String.valueOf(client)));
    for (ClientLink link : List.copyOf(links.values())) {
      link.left(node, unfinished);
    }
    if (handshakes != null) {
      handshakes.left(node, "0".equals(notice.headers().get(BusinessProtocol.RUNNING)));
    }
  }

  @Override
  public void onConnect(Connection connection) {
    ClientLink link = new ClientLink(this, connection);
    links.put(connection, link);
    link.add(new BusinessEvent(BusinessProtocol.CONNECT, NOTHING));
  }

  @Override
  public void onMessage(Connection connection, Buffer message) {
    ClientLink link = links.get(connection);
    if (link != null) {
      link.add(new BusinessEvent(BusinessProtocol.MESSAGE, message));
    }
  }

  @Override
  public void onClose(Connection connection) {
    ClientLink link = links.get(connection);
    if (link != null) {
      link.add(new BusinessEvent(BusinessProtocol.CLOSE, NOTHING));
    }
  }
}
