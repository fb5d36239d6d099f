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
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link GatewayHandler} of a gateway verticle that forwards to business verticles: each
 * client's events queue up in order and go out one at a time, the next only when a business
 * instance has answered the previous one. A client's first event goes to the business's shared
 * address (a node chosen round-robin, which picks one of its instances), and the client stays
 * pinned to the node that answered ({@link BusinessNode}). When that node has no instance any more
 * the event goes to the shared address again; when no instance is anywhere (a redeploy) it is
 * retried with backoff for {@code businessTimeout}, after
 * which the event is dropped and the client closed ({@link CloseReason#NO_BUSINESS}). An event
 * an instance does not answer in time, or fails, is counted and not retried (at most once). After
 * a timeout the client's next event still goes to the same node, which runs it only once the
 * late one is done ({@link BusinessNode}), so a client's events never overlap; a node that still
 * runs one and has another waiting refuses a third ({@link BusinessProtocol#BUSY}): the client's
 * waiting events are dropped, it is closed ({@link CloseReason#NO_BUSINESS}) and only its close
 * event goes on. A client with many events waiting, or many bytes
 * ({@link GatewayOptions#getMaxBusinessQueueSize()}), stops being read until the queue shrinks.
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
      String address = instance != null ? instance : sharedAddress;
      String session = session();
      DeliveryOptions delivery = BusinessProtocol.event(timeout, event.type, connection, handshake,
          session);
      int size = event.body.length() + handshake.length() + session.length();
      BusinessWindows.Taken taken = windows.take(instance != null ? instanceNode : null, size,
          delivery);
      if (taken == BusinessWindows.Taken.REFUSED) {
        refused(event);
        return;
      }
      eventBus.request(address, event.body, delivery).onComplete(answer -> {
        windows.answered(taken, size);
        answered(event, address, answer);
      });
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
      vertx.setTimer(Math.min(RETRY.ceiling(event.retries++), timeout - waited), t -> send());
      return true;
    }

    private void answered(BusinessEvent event, String address,
        AsyncResult<Message<Object>> answer) {
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
        case NO_HANDLERS -> retry(event, address);
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
            retry(event, address); // that node has no instance (any more)
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

    /** No instance there: the shared address at once, then again with backoff. */
    private void retry(BusinessEvent event, String address) {
      stats.increment(Counter.BUSINESS_RETRIES);
      if (!address.equals(sharedAddress)) {
        instance = null;
        instanceNode = null;
        send();
        return;
      }
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
