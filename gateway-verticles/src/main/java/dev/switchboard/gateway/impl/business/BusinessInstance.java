package dev.switchboard.gateway.impl.business;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.core.internal.MetricsServer;
import dev.switchboard.gateway.BusinessHandler;
import dev.switchboard.gateway.BusinessOptions;
import dev.switchboard.gateway.ClientInfo;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.Protocol;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * One business verticle instance: it joins its node's entry point of the business
 * ({@link BusinessNode}), which hands it the events of the clients pinned to it, runs the
 * {@link BusinessHandler} on its own context and answers when the handler's future completes.
 *
 * <p>Threading: started and stopped on the verticle's context; events run on it too.
 */
public final class BusinessInstance {

  private static final Logger LOG = LoggerFactory.getLogger(BusinessInstance.class);

  private final Vertx vertx;
  private final BusinessOptions options;
  private final BusinessHandler handler;
  private Context context;
  private Gateway gateway;
  private BusinessNode node;
  private volatile MetricsServer metrics;

  /**
   * @param vertx   the node
   * @param options the business served
   * @param handler the application
   */
  public BusinessInstance(Vertx vertx, BusinessOptions options, BusinessHandler handler) {
    this.vertx = vertx;
    this.options = options;
    this.handler = handler;
  }

  /**
   * Starts the handler, then takes events, then starts the metrics listener when its options ask
   * for one (when it cannot listen, the instance stops and the start fails with its reason).
   *
   * @return completed when the gateways can reach the instance
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return Gateway.create(vertx).compose(created -> {
      gateway = created;
      try {
        handler.onStart(gateway);
      } catch (RuntimeException e) {
        return gateway.close().transform(ar -> Future.failedFuture(e));
      }
      return BusinessNode.of(vertx, options);
    }).map(joined -> {
      node = joined;
      node.add(this);
      LOG.info("Business instance of '{}' started, handler {}", options.getBusiness(),
          handler.getClass().getName());
      return null;
    }).compose(v -> MetricsServer.startOrUndo(vertx, options.getMetrics(), this::stopInstance))
        .map(listener -> {
          metrics = listener;
          return null;
        });
  }

  /** @return the metrics listener's port, or {@link MetricsOptions#OFF} when there is none */
  public int metricsPort() {
    return MetricsServer.portOf(metrics);
  }

  /**
   * Stops taking events; the next events of this instance's clients go to another instance.
   *
   * @return completed when stopped (its metrics listener closed)
   */
  public Future<Void> stop() {
    return MetricsServer.close(metrics).eventually(this::stopInstance);
  }

  private Future<Void> stopInstance() {
    if (node != null) {
      node.remove(this);
    }
    try {
      handler.onStop();
    } catch (RuntimeException e) {
      LOG.warn("Business handler {} failed to stop", handler.getClass().getName(), e);
    }
    return gateway == null ? Future.succeededFuture() : gateway.close();
  }

  /**
   * @return the counters of this node's entry point of the business: {@code business},
   *     {@code instances}, {@code clients} (clients pinned to an instance of this node)
   */
  public Future<JsonObject> status() {
    return node == null ? Future.failedFuture(new IllegalStateException("not started"))
        : node.status();
  }

  /**
   * Runs one event on this instance's context and answers it.
   *
   * @param event    the event
   * @param answer   the options of the answer (naming the node)
   * @param finished run on this instance's context once the handler's future completed (or the
   *                 handler failed), whether or not the gateway still waits for the answer
   */
  void handle(Message<Buffer> event, DeliveryOptions answer, Runnable finished) {
    context.runOnContext(v -> run(event, answer, finished));
  }

  private void run(Message<Buffer> event, DeliveryOptions answer, Runnable finished) {
    String type = event.headers().get(BusinessProtocol.EVENT);
    String client = event.headers().get(BusinessProtocol.CLIENT);
    DeliveryOptions reply = new DeliveryOptions(answer); // the node's is shared by its events
    Future<Buffer> handled;
    try {
      handled = dispatch(type, client, event, reply);
    } catch (RuntimeException e) {
      handled = Future.failedFuture(e);
    }
    handled.onComplete(ar -> {
      if (ar.succeeded()) {
        event.reply(ar.result(), reply);
      } else {
        LOG.warn("Business handler {} failed on {} of client {}", handler.getClass().getName(),
            type, client, ar.cause());
        event.fail(500, type + " of " + client + " failed: " + ar.cause());
      }
      finished.run();
    });
  }

  /**
   * @return the answer's body (a decision, or nothing); a session the handler changed goes into
   *     the answer's headers
   */
  private Future<Buffer> dispatch(String type, String client, Message<Buffer> event,
      DeliveryOptions answer) {
    if (BusinessProtocol.DECIDE.equals(type)) {
      Future<ConnectDecision> decided = handler.onHandshake(
          Handshake.fromJson(new JsonObject(event.body())));
      return checked(decided).map(decision -> {
        if (decision == null) {
          throw new IllegalStateException("the handler decided null");
        }
        return decision.toJson().toBuffer();
      });
    }
    if (client == null || type == null) {
      throw new IllegalArgumentException("event without " + (client == null ? "client" : "type"));
    }
    ClientInfo info = clientInfo(client, event);
    String before = info.session().encode();
    Future<Void> handled = checked(switch (type) {
      case BusinessProtocol.CONNECT -> handler.onConnect(info);
      case BusinessProtocol.MESSAGE -> handler.onMessage(info, event.body());
      case BusinessProtocol.CLOSE -> handler.onClose(info);
      default -> throw new IllegalArgumentException("unknown business event '" + type + "'");
    });
    return handled.map(v -> {
      String after = info.session().encode();
      if (!after.equals(before) && !BusinessProtocol.CLOSE.equals(type)) {
        answer.addHeader(BusinessProtocol.SESSION, after); // written back by the gateway
      }
      return null;
    });
  }

  private static <T> Future<T> checked(Future<T> handled) {
    return handled != null ? handled : Future.failedFuture(new IllegalStateException(
        "the handler returned null instead of a future"));
  }

  private static ClientInfo clientInfo(String client, Message<Buffer> event) {
    String remote = event.headers().get(BusinessProtocol.REMOTE);
    Protocol protocol = Protocol.fromWireName(event.headers().get(BusinessProtocol.PROTOCOL));
    String handshake = event.headers().get(BusinessProtocol.HANDSHAKE);
    String session = event.headers().get(BusinessProtocol.SESSION);
    return new ClientInfo(client, protocol, remote,
        handshake == null ? Handshake.of(protocol, remote, remote)
            : Handshake.fromJson(new JsonObject(handshake)),
        session == null ? new JsonObject() : new JsonObject(session));
  }
}
