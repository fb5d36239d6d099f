package dev.switchboard.examples.faults;

import dev.switchboard.gateway.BusinessHandler;
import dev.switchboard.gateway.ClientInfo;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The business of the kill test (named in a {@code BusinessVerticle}'s {@code handler} config):
 * answers each event by sending {@code handled <event>} to its client, and completes the event
 * once that send has.
 */
public class FaultBusinessHandler implements BusinessHandler {

  private Gateway gateway;

  @Override
  public void onStart(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public Future<Void> onMessage(ClientInfo client, Buffer message) {
    return gateway.sendToClient(client.id(), "handled " + message).mapEmpty();
  }
}
