package dev.switchboard.gateway.impl;

import dev.switchboard.core.internal.RateLimitedLog;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.ErrorCode;
import dev.switchboard.gateway.GatewayHandler;
import dev.switchboard.gateway.GatewayOptions;
import io.vertx.core.buffer.Buffer;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link ConnectionHost} for transcript tests: the application's callbacks, the ordering hook
 * and the unregistering are written to the transcript; the clock is the test's.
 */
class RecordingHost implements ConnectionHost, GatewayHandler {

  final GatewayOptions options;
  final GatewayStats stats = new GatewayStats();
  private final List<String> transcript;
  private final RateLimitedLog log = new RateLimitedLog(
      LoggerFactory.getLogger(RecordingHost.class), RateLimitedLog.DEFAULT_INTERVAL);
  /** Receives unregistering connections, when set. */
  ConnectionRegistry registry;
  long now = 1_000;
  private int ids;

  RecordingHost(GatewayOptions options, List<String> transcript) {
    this.options = options;
    this.transcript = transcript;
  }

  @Override
  public String nextConnectionId() {
    return "n-1-" + ++ids;
  }

  @Override
  public GatewayOptions options() {
    return options;
  }

  @Override
  public GatewayStats stats() {
    return stats;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public void callback(Connection connection, Consumer<GatewayHandler> call) {
    call.accept(this);
  }

  @Override
  public RateLimitedLog clientLog() {
    return log;
  }

  @Override
  public void transportException(ConnectionBase connection, Throwable failure) {
    transcript.add("transport exception " + failure.getMessage());
  }

  @Override
  public void beforeSend() {
  }

  @Override
  public void forget(ConnectionBase connection) {
    if (registry != null) {
      registry.abandon(connection);
    }
  }

  @Override
  public void unregister(ConnectionBase connection) {
    transcript.add("unregister " + connection.id());
    if (registry != null) {
      registry.remove(connection);
    }
  }

  @Override
  public void onConnect(Connection connection) {
    transcript.add("onConnect " + connection.id());
  }

  @Override
  public void onMessage(Connection connection, Buffer message) {
    transcript.add("onMessage " + message);
  }

  @Override
  public void onClose(Connection connection) {
    transcript.add("onClose " + connection.closeReason().code());
  }

  @Override
  public void onError(Connection connection, ErrorCode code, String message) {
    transcript.add("onError " + code + " " + message);
  }

  @Override
  public void onBufferFull(Connection connection) {
    transcript.add("onBufferFull");
  }

  @Override
  public void onBufferDrain(Connection connection) {
    transcript.add("onBufferDrain");
  }
}
