package dev.switchboard.gateway;

import dev.switchboard.gateway.impl.register.RegisterServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * GatewayWorker's Register, for PHP {@code BusinessWorker}s and {@code GatewayClient}s: a text
 * listener (default {@code 127.0.0.1:1236}) that answers {@code worker_connect} with the inner
 * addresses of every gateway node of the cluster whose GatewayWorker listener is on, and tells
 * its workers again whenever that list changes (a node starts its listener, stops, or dies).
 * Deploy one on each of several nodes for high availability: each knows the whole cluster, and
 * PHP's {@code registerAddress} may list them all.
 *
 * <p>Deploy it from code with options, or by name with the options in {@code config()} (keys of
 * {@link RegisterOptions}): {@code bin/vertx run dev.switchboard.gateway.RegisterVerticle
 * -conf '{"secretKey":"..."}'}. It needs no gateway on its node; one instance per node.
 *
 * <p>Threading: a verticle; its connections live on its context.
 */
public class RegisterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RegisterVerticle.class);

  private final RegisterOptions givenOptions;
  private RegisterServer server;

  /** A verticle configured by {@code config()}. */
  public RegisterVerticle() {
    this(null);
  }

  /**
   * A verticle configured in code.
   *
   * @param options the options (null: read {@code config()})
   */
  public RegisterVerticle(RegisterOptions options) {
    this.givenOptions = options;
  }

  @Override
  public Future<?> start() {
    RegisterOptions options;
    try {
      options = givenOptions != null ? givenOptions : new RegisterOptions(config());
      server = new RegisterServer(vertx, options);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return server.start().onSuccess(v -> LOG.info(
        "Register listening on {}:{} (secret key {}, PHP clients from {}), gateways {}",
        options.getHost(), server.actualPort(), options.getSecretKey().isEmpty() ? "none" : "set",
        options.getPhpClientsFrom(), server.addresses()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }

  /** @return the port listened on, once started */
  public int actualPort() {
    return server.actualPort();
  }

  /** @return the gateway addresses this Register tells now (sorted); on any thread */
  public List<String> addresses() {
    return server.addresses();
  }

  /**
   * @return the Register's counters: {@code connections}, {@code workers}, {@code addresses},
   *     {@code refused} (allow-list or connection limit), {@code closedForErrors}; on its context
   */
  public JsonObject status() {
    return server.status();
  }
}
