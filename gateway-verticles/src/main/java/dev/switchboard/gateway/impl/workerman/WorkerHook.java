package dev.switchboard.gateway.impl.workerman;

import io.vertx.core.json.JsonObject;

/**
 * What the inner listener tells about BusinessWorker connections: one authenticated with
 * {@link GatewayCommand#WORKER_CONNECT}, and its close. The business side (client events to PHP
 * {@code Events.php}) plugs in here; without it a BusinessWorker may connect and send commands,
 * and receives no events.
 *
 * <p>Threading: called on the inner connection's context.
 */
public interface WorkerHook {

  /** No business side: BusinessWorkers get no events. */
  WorkerHook NONE = new WorkerHook() {
    @Override
    public void connected(InnerConnection worker, JsonObject info) {
    }

    @Override
    public void closed(InnerConnection worker) {
    }
  };

  /**
   * A BusinessWorker authenticated.
   *
   * @param worker its connection
   * @param info   the body of its {@code CMD_WORKER_CONNECT} ({@code worker_key},
   *               {@code secret_key})
   */
  void connected(InnerConnection worker, JsonObject info);

  /**
   * A BusinessWorker's connection closed (after {@link #connected}), once.
   *
   * @param worker its connection
   */
  void closed(InnerConnection worker);
}
