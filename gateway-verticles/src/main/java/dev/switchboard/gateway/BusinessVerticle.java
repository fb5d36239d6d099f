package dev.switchboard.gateway;

import dev.switchboard.core.MetricsOptions;
import dev.switchboard.gateway.impl.business.BusinessInstance;
import dev.switchboard.gateway.impl.HandlerClasses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * A business verticle (GatewayWorker's BusinessWorker): runs a {@link BusinessHandler} on the
 * client events of every gateway of the cluster that forwards to its business
 * ({@link GatewayOptions#setBusiness}). Deploy as many instances as wanted, on any nodes: each
 * client is served by one instance at a time, in order (see {@link BusinessHandler}). Undeploying
 * and deploying again (new code) drops no client connection: the gateways hold the events of
 * that time, up to their {@code businessTimeout}, and hand them to the new instances. Closing the
 * node's Vert.x (a JVM stopped by SIGTERM) drops no event either: the node first drains its
 * business ({@link BusinessOptions#setStopDrainTimeout}).
 *
 * <p>{@code bin/vertx run dev.switchboard.gateway.BusinessVerticle -cluster -instances 2 -conf
 * '{"business":"chat","handler":"com.example.ChatHandler"}'}
 *
 * <p>With {@code metrics.port} set it also starts a metrics listener ({@code GET /metrics};
 * several instances share its port) once the instance has started.
 *
 * <p>Threading: a Vert.x verticle; the handler runs on the instance's context.
 */
public class BusinessVerticle extends VerticleBase {

  private final BusinessOptions givenOptions;
  private final BusinessHandler givenHandler;
  private BusinessInstance instance;

  /** A verticle configured by {@code config()}, whose handler class it names. */
  public BusinessVerticle() {
    this(null, null);
  }

  /**
   * A verticle configured in code.
   *
   * @param options the options (null: read {@code config()})
   * @param handler the application (null: the class the options name)
   */
  public BusinessVerticle(BusinessOptions options, BusinessHandler handler) {
    this.givenOptions = options;
    this.givenHandler = handler;
  }

  @Override
  public Future<?> start() {
    BusinessOptions options;
    BusinessHandler handler;
    try {
      options = givenOptions != null ? givenOptions : new BusinessOptions(config());
      if (givenHandler != null) {
        handler = givenHandler;
      } else if (options.getHandler() == null) {
        throw new IllegalArgumentException("a business verticle needs a handler (config key "
            + "'handler': the class name of a BusinessHandler)");
      } else {
        handler = HandlerClasses.instantiate(options.getHandler(), BusinessHandler.class);
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    instance = new BusinessInstance(vertx, options, handler);
    return instance.start();
  }

  /**
   * @return the metrics listener's port once started, or {@link MetricsOptions#OFF} (none:
   *     {@code metrics.port} off, or not started)
   */
  public int actualMetricsPort() {
    return instance == null ? MetricsOptions.OFF : instance.metricsPort();
  }

  /**
   * The counters of this node's entry point of the verticle's business (shared by every instance
   * of that business on the node): {@code business}, {@code instances} (running here),
   * {@code clients} (clients whose events this node serves now: pinned to one of its instances or
   * with an event running or waiting here).
   *
   * <p>Threading: any thread.
   *
   * @return a future completed with the counters, or failed when the verticle is not started
   */
  public Future<JsonObject> status() {
    return instance == null ? Future.failedFuture(new IllegalStateException("not started"))
        : instance.status();
  }

  @Override
  public Future<?> stop() {
    return instance == null ? Future.succeededFuture() : instance.stop();
  }
}
