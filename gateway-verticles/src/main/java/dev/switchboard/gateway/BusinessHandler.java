package dev.switchboard.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The application's business logic, run by {@link BusinessVerticle}s anywhere in the cluster
 * (GatewayWorker's {@code Events} class of a BusinessWorker): the events of the clients of every
 * gateway verticle that forwards to the handler's business ({@link GatewayOptions#setBusiness}).
 *
 * <p>Guarantees: the events of one client arrive in order ({@code onConnect}, its messages,
 * {@code onClose}) and one at a time: the next event of a client is handed to a business instance
 * only when the future returned for the previous one has completed, so two instances never work
 * on one client at once. Different clients are spread over the instances and run concurrently.
 * An event is delivered at most once: when an instance does not answer within the gateway's
 * {@link GatewayOptions#getBusinessTimeout() businessTimeout}, the gateway moves on, and the
 * client's next event still waits on the instance's node until the late one has completed; a
 * client whose events are still running after two timeouts is closed (its {@code onClose} comes
 * after them).
 *
 * <p>Threading: every method runs on the context of the business verticle instance that received
 * the event; it must not block (return a future for asynchronous work).
 */
public interface BusinessHandler {

  /**
   * Called once when a business verticle instance starts, before it takes events.
   *
   * @param gateway the cluster-wide gateway API, to answer clients, manage groups and uids
   */
  default void onStart(Gateway gateway) {
  }

  /**
   * The connect hook, asked by gateways with {@link GatewayOptions#setBusinessHandshake
   * businessHandshake} on: a client asks to connect and waits for the decision (see
   * {@link GatewayHandler#onHandshake}: the same contract, with the gateway's
   * {@code connectHookTimeout} covering the trip to the business and back). It runs on any
   * instance of the business (the client has no events yet). The default accepts every client.
   *
   * @param handshake what the client presented
   * @return the decision
   */
  default Future<ConnectDecision> onHandshake(Handshake handshake) {
    return Future.succeededFuture(ConnectDecision.accept());
  }

  /**
   * A client connected to a gateway. Changes made to the client's {@link ClientInfo#session()}
   * before the returned future completes are written back, as for {@link #onMessage(ClientInfo,
   * Buffer)}.
   *
   * @param client the client
   * @return completed when the event is handled; the client's next event waits for it
   */
  default Future<Void> onConnect(ClientInfo client) {
    return Future.succeededFuture();
  }

  /**
   * A client sent a message.
   *
   * @param clientId the client's id
   * @param message  the message (a WebSocket text message as its UTF-8 bytes)
   * @return completed when the event is handled; the client's next event waits for it
   */
  default Future<Void> onMessage(String clientId, Buffer message) {
    return Future.succeededFuture();
  }

  /**
   * A client sent a message, with the client's session as it was when the event left the gateway
   * (GatewayWorker's {@code $_SESSION}): changes made to {@link ClientInfo#session()} before the
   * returned future completes are written back to the client's session (replacing it) when the
   * gateway gets the answer. The default calls {@link #onMessage(String, Buffer)}.
   *
   * @param client  the client, with its handshake and session
   * @param message the message (a WebSocket text message as its UTF-8 bytes)
   * @return completed when the event is handled; the client's next event waits for it
   */
  default Future<Void> onMessage(ClientInfo client, Buffer message) {
    return onMessage(client.id(), message);
  }

  /**
   * A client's connection closed; it has already left its groups and uid.
   *
   * @param clientId the client's id
   * @return completed when the event is handled
   */
  default Future<Void> onClose(String clientId) {
    return Future.succeededFuture();
  }

  /**
   * A client's connection closed, with its last session (changes to it go nowhere). The default
   * calls {@link #onClose(String)}.
   *
   * @param client the client, with its handshake and last session
   * @return completed when the event is handled
   */
  default Future<Void> onClose(ClientInfo client) {
    return onClose(client.id());
  }

  /**
   * Called once when a business verticle instance stops (undeploy or redeploy).
   */
  default void onStop() {
  }
}
