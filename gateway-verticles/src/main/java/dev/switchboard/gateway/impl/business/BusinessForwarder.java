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
  private static final Backoff RETRY = new Backoff(10, 500);
  private static final Buffer NOTHING = Buffer.buffer(0);
  /** The longest wait for the answer to which node takes a client, in ms (then asked again). */
  static final long ROUTE_TIMEOUT = 1_000;

  private final Vertx vertx;
  private final EventBus eventBus;
  private final String business;
  private final String sharedAddress;
  private final long timeout;
  private final int maxQueueBytes;
  private final GatewayStats stats;
  private final Consumer<Connection> closeNoBusiness;
  private final ClientSessions sessions;
  private final BusinessHandshakes handshakes; // null without businessHandshake
  private final BusinessWindows windows;
  private final Map<Connection, Link> links = new HashMap<>();
  private final Map<BusinessMeters.Result, Timer> calls;

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
    for (Link link : List.copyOf(links.values())) {
      link.left(node, unfinished);
    }
  }

  @Override
  public void onConnect(Connection connection) {
    Link link = new Link(connection);
    links.put(connection, link);
    link.add(new BusinessEvent(BusinessProtocol.CONNECT, NOTHING));
  }

  @Override
  public void onMessage(Connection connection, Buffer message) {
    Link link = links.get(connection);
    if (link != null) {
      link.add(new BusinessEvent(BusinessProtocol.MESSAGE, message));
    }
  }

  @Override
  public void onClose(Connection connection) {
    Link link = links.get(connection);
    if (link != null) {
      link.add(new BusinessEvent(BusinessProtocol.CLOSE, NOTHING));
    }
  }

  /** One client's queue and the instance it is pinned to. */
  private final class Link {
    final Connection connection;
    final ArrayDeque<BusinessEvent> queue = new ArrayDeque<>();
    /** Bytes of the events in the queue (the one on its way included). */
    long queuedBytes;
    String instance;
    /** The channel-space id of the node of {@code instance}, when it said. */
    String instanceNode;
    boolean busy;
    /** The current try of the head event; an answer to an earlier one is ignored. */
    int attempt;
    /** The node address the head event is on its way to, or null. */
    String sentTo;
    /** Asking which node takes the client. */
    boolean routing;
    boolean paused;
    /** No business took this client's events: what comes later is dropped. */
    boolean abandoned;
    /** The business is stuck on this client: what comes later is dropped, but its close. */
    boolean closing;

    /** The client's handshake as JSON, sent with each of its events. */
    final String handshake;
    /** The session its last event carried (the close event's, once the session is gone). */
    String lastSession = "{}";

    Link(Connection connection) {
      this.connection = connection;
      this.handshake = connection.handshake().toJson().encode();
    }

    /** @return the client's session as it is now, or as its last event left it once closed */
    private String session() {
      JsonObject now = sessions.get(connection);
      if (now != null) {
        lastSession = now.encode();
      }
      return lastSession;
    }

    void add(BusinessEvent event) {
      if (abandoned) {
        stats.increment(Counter.BUSINESS_DROPPED);
        if (event.type.equals(BusinessProtocol.CLOSE)) {
          links.remove(connection);
        }
        return;
      }
      if (closing && !event.type.equals(BusinessProtocol.CLOSE)) {
        stats.increment(Counter.BUSINESS_DROPPED);
        return;
      }
      queue.add(event);
      queuedBytes += event.body.length();
      if (!paused && (queue.size() >= PAUSE_AT || queuedBytes >= maxQueueBytes) && open()) {
        paused = true;
        stats.increment(Counter.BUSINESS_PAUSES);
        connection.pauseRecv();
      }
      if (!busy) {
        send();
      }
    }

    private boolean open() {
      return connection.state() == ConnectionState.ESTABLISHED;
    }

    private void send() {
      BusinessEvent event = queue.peek();
      busy = true;
      if (event.firstTry == 0) {
        event.firstTry = System.nanoTime();
      }
      int current = ++attempt;
      sentTo = null;
      routing = false;
      if (instance == null) {
        route(event, current);
        return;
      }
      String address = instance;
      String session = session();
      DeliveryOptions delivery = BusinessProtocol.event(timeout, event.type, connection, handshake,
          session);
      int size = event.body.length() + handshake.length() + session.length();
      BusinessWindows.Taken taken = windows.take(instanceNode, size, delivery);
      if (taken == BusinessWindows.Taken.REFUSED) {
        refused(event);
        return;
      }
      sentTo = address;
      eventBus.request(address, event.body, delivery).onComplete(answer -> {
        windows.answered(taken, size);
        if (current == attempt) { // else sent elsewhere: the node left without taking it
          sentTo = null;
          answered(event, answer);
        }
      });
    }

    /**
     * Asks the shared address which node takes the client, then sends the event there. The
     * question has no effect: when no answer comes (it reached a node as that node's consumers
     * went), it is asked again.
     */
    private void route(BusinessEvent event, int current) {
      routing = true;
      long left = timeout - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - event.firstTry);
      DeliveryOptions ask = new DeliveryOptions()
          .setSendTimeout(Math.max(1, Math.min(ROUTE_TIMEOUT, left)))
          .addHeader(BusinessProtocol.EVENT, BusinessProtocol.ROUTE);
      eventBus.request(sharedAddress, NOTHING, ask).onComplete(answer -> {
        if (current != attempt) {
          return; // asked again meanwhile
        }
        routing = false;
        if (answer.succeeded()) {
          instance = answer.result().headers().get(BusinessProtocol.INSTANCE);
          instanceNode = answer.result().headers().get(BusinessProtocol.NODE);
          send();
        } else {
          retry(event); // no node with instances, or the answer was lost
        }
      });
    }

    /**
     * A business node left: if the head event is on its way to it and the node did not take it,
     * it goes elsewhere now; a question of which node takes the client is asked again (it may
     * have gone to that node); a client pinned to it is pinned afresh.
     */
    void left(String node, Set<String> unfinished) {
      if (routing) {
        send();
        return;
      }
      if (!node.equals(instance)) {
        return;
      }
      instance = null;
      instanceNode = null;
      if (node.equals(sentTo) && !unfinished.contains(connection.id())) {
        stats.increment(Counter.BUSINESS_RETRIES);
        send();
      }
    }

    /**
     * The window of the business node (or the shared bucket) is full: the same address again
     * with backoff, as long as {@code businessTimeout} allows (the client's order is kept).
     */
    private void refused(BusinessEvent event) {
      stats.increment(Counter.BUSINESS_RETRIES);
      if (!later(event)) {
        LOG.warn("Gateway: the window of business '{}' stayed full for {} of client {} for {} ms;"
            + " closing the client", business, event.type, connection.id(), timeout);
        giveUp();
      }
    }

    /** @return whether the event is sent again later (with backoff, within the timeout) */
    private boolean later(BusinessEvent event) {
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - event.firstTry);
      if (waited >= timeout) {
        return false;
      }
      int current = attempt;
      vertx.setTimer(Math.min(RETRY.ceiling(event.retries++), timeout - waited), t -> {
        if (current == attempt) { // else sent meanwhile
          send();
        }
      });
      return true;
    }

    private void answered(BusinessEvent event, AsyncResult<Message<Object>> answer) {
      if (answer.succeeded()) {
        instance = answer.result().headers().get(BusinessProtocol.INSTANCE);
        instanceNode = answer.result().headers().get(BusinessProtocol.NODE);
        String changed = answer.result().headers().get(BusinessProtocol.SESSION);
        if (changed != null && open()) {
          lastSession = changed;
          sessions.put(connection, new JsonObject(changed));
        }
        stats.increment(Counter.BUSINESS_EVENTS);
        called(event, BusinessMeters.Result.OK);
        next();
        return;
      }
      ReplyException failure = answer.cause() instanceof ReplyException e ? e : null;
      if (failure == null) {
        LOG.warn("Gateway: {} of client {} not forwarded to business '{}'", event.type,
            connection.id(), business, answer.cause());
        stats.increment(Counter.BUSINESS_FAILURES);
        called(event, BusinessMeters.Result.FAILED);
        next();
        return;
      }
      switch (failure.failureType()) {
        case NO_HANDLERS -> unpin(event);
        case TIMEOUT -> {
          // the next event goes to the same node, where it waits for this one to finish
          LOG.warn("Gateway: business '{}' did not answer {} of client {} within {} ms; moving on",
              business, event.type, connection.id(), timeout);
          stats.increment(Counter.BUSINESS_TIMEOUTS);
          called(event, BusinessMeters.Result.TIMEOUT);
          next();
        }
        default -> {
          if (failure.failureCode() == BusinessProtocol.NO_INSTANCE) {
            unpin(event); // that node has no instance (any more)
          } else if (failure.failureCode() == BusinessProtocol.BUSY) {
            called(event, BusinessMeters.Result.DROPPED);
            stuck();
          } else {
            stats.increment(Counter.BUSINESS_FAILURES);
            called(event, BusinessMeters.Result.FAILED);
            next();
          }
        }
      }
    }

    /** No instance on the client's node (any more): ask which node takes it, at once. */
    private void unpin(BusinessEvent event) {
      stats.increment(Counter.BUSINESS_RETRIES);
      instance = null;
      instanceNode = null;
      send();
    }

    /** No node took the client, or said so in time: asked again with backoff, or given up. */
    private void retry(BusinessEvent event) {
      stats.increment(Counter.BUSINESS_RETRIES);
      if (later(event)) {
        return;
      }
      LOG.warn("Gateway: no instance of business '{}' took {} of client {} within {} ms; "
          + "closing the client", business, event.type, connection.id(), timeout);
      giveUp();
    }

    /** No business took this client's events in time: they are dropped, the client closed. */
    private void giveUp() {
      called(queue.peek(), BusinessMeters.Result.DROPPED);
      stats.add(Counter.BUSINESS_DROPPED, queue.size());
      boolean closed = queue.getLast().type.equals(BusinessProtocol.CLOSE);
      clear();
      abandoned = true;
      if (closed) {
        links.remove(connection);
      } else if (open()) {
        closeNoBusiness.accept(connection);
      }
    }

    /**
     * The business still runs an earlier event of this client and has another one waiting: the
     * client's waiting events are dropped, it is closed, and its close event goes on (to run
     * after the ones the business still holds).
     */
    private void stuck() {
      boolean closed = queue.getLast().type.equals(BusinessProtocol.CLOSE);
      LOG.warn("Gateway: business '{}' still runs events of client {} after {} ms twice; closing "
          + "the client", business, connection.id(), timeout);
      stats.add(Counter.BUSINESS_DROPPED, queue.size() - (closed ? 1 : 0));
      clear();
      closing = true;
      if (closed) {
        add(new BusinessEvent(BusinessProtocol.CLOSE, NOTHING));
      } else if (open()) {
        closeNoBusiness.accept(connection); // its close event follows
      }
    }

    /** Times the call of an event from its first try, under how it ended. */
    private void called(BusinessEvent event, BusinessMeters.Result result) {
      BusinessMeters.record(calls, result, event.firstTry);
    }

    private void clear() {
      queue.clear();
      queuedBytes = 0;
      busy = false;
    }

    /** The head event is done: on to the next one. */
    private void next() {
      BusinessEvent done = queue.poll();
      if (done != null) {
        queuedBytes -= done.body.length();
      }
      busy = false;
      if (!queue.isEmpty()) {
        send();
      } else if (done != null && done.type.equals(BusinessProtocol.CLOSE)) {
        links.remove(connection);
      }
      // last: resuming hands the messages held meanwhile to add() at once, which queues them
      // behind the event just sent (resuming before the send sent the head twice)
      if (paused && queue.size() <= RESUME_AT && queuedBytes <= maxQueueBytes / 4 && open()) {
        paused = false;
        connection.resumeRecv();
      }
    }
  }
}
