package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;

import java.util.function.Consumer;

/**
 * What a connection needs from the verticle holding it, and nothing more: its id, the options,
 * the counters, the clock, the application's callbacks, the broadcast ordering hook and the
 * registry it leaves when it closes.
 *
 * <p>Threading: every method on the verticle's context (where its connections live).
 */
interface ConnectionHost {

  /** @return a new connection id, unique in the cluster */
  String nextConnectionId();

  GatewayOptions options();

  GatewayStats stats();

  /** @return the clock of time limits, ms (monotonic) */
  long now();

  /** Runs an application callback; what it throws is logged and counted, never propagated. */
  void callback(Connection connection, Consumer<GatewayHandler> call);

  /** @return the log of per-client errors, rate limited */
  RateLimitedLog clientLog();

  /** A transport reported a failure (a reset peer is only logged: its close follows). */
  void transportException(ConnectionBase connection, Throwable failure);

  /**
   * The broadcast ordering hook: sends the broadcasts queued so far. Called before every direct
   * send and graceful close, so that a broadcast and a send made in that order arrive in order.
   */
  void beforeSend();

  /** The connection closed: it leaves the registry (once; later calls do nothing). */
  void unregister(ConnectionBase connection);

  /**
   * A connection that was never registered ended (it left while the connect hook decided, or
   * was refused): a place it held under the limits is given back.
   */
  void forget(ConnectionBase connection);
}
