package dev.switchboard.gateway.impl.business;

import dev.switchboard.core.internal.Backoff;
import dev.switchboard.gateway.ConnectDecision;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.Handshake;
import dev.switchboard.gateway.impl.Counter;
import dev.switchboard.gateway.impl.GatewayStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * Asks a business for the connect decision on a handshake ({@code businessHandshake}): any
 * instance of the business, through its shared address; while none exists, again with the
 * forwarder's backoff, for as long as the gateway's {@code connectHookTimeout} lasts (after which
 * the gateway rejects the client with 503). An answer that is not a decision fails.
 *
 * <p>Threading: on the gateway verticle's context.
 */
final class BusinessHandshakes {

  private final Vertx vertx;
  private final String sharedAddress;
  private final long timeout;
  private final Backoff retry;
  private final GatewayStats stats;

  BusinessHandshakes(Vertx vertx, GatewayOptions options, Backoff retry, GatewayStats stats) {
    this.vertx = vertx;
    this.sharedAddress = BusinessProtocol.address(options.getBusiness());
    this.timeout = options.getConnectHookTimeout();
    this.retry = retry;
    this.stats = stats;
  }

  /**
   * @param handshake what the client presented
   * @return the business's decision
   */
  Future<ConnectDecision> decide(Handshake handshake) {
    Promise<ConnectDecision> decided = Promise.promise();
    ask(handshake.toJson().toBuffer(), decided, System.nanoTime(), 0);
    return decided.future();
  }

  private void ask(Buffer handshake, Promise<ConnectDecision> decided, long start, int retries) {
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeout)
        .addHeader(BusinessProtocol.EVENT, BusinessProtocol.DECIDE);
    vertx.eventBus().<Buffer>request(sharedAddress, handshake, delivery).onComplete(answer -> {
      if (answer.succeeded()) {
        try {
          decided.tryComplete(ConnectDecision.fromJson(new JsonObject(answer.result().body())));
        } catch (RuntimeException e) {
          decided.tryFail(e);
        }
        return;
      }
      boolean noInstance = answer.cause() instanceof ReplyException e
          && (e.failureType() == ReplyFailure.NO_HANDLERS
          || e.failureCode() == BusinessProtocol.NO_INSTANCE);
      long left = timeout - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (!noInstance) {
        decided.tryFail(answer.cause());
      } else if (left > 0) {
        stats.increment(Counter.BUSINESS_RETRIES);
        vertx.setTimer(Math.min(retry.ceiling(retries), left),
            t -> ask(handshake, decided, start, retries + 1));
      } // else: no instance in time; the gateway's connectHookTimeout rejects the client (503)
    });
  }
}
