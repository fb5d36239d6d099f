package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.RedisServer;
import dev.switchboard.testkit.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The peer: a private {@link RedisServer} (no persistence, default pub/sub output-buffer limits)
 * and {@link RespConnection}s to it, each subscriber on its own connection.
 *
 * <p>Not thread-safe apart from {@link #connect}: start and close it from the main thread.
 */
final class RedisSystem implements PubSubSystem {

  private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

  private final RedisServer server;
  private final NetClient client;
  private final Cleanup.Registration serverRegistration;

  private RedisSystem(RedisServer server, NetClient client,
                      Cleanup.Registration serverRegistration) {
    this.server = server;
    this.client = client;
    this.serverRegistration = serverRegistration;
  }

  /**
   * @param cleanup where redis-server is registered
   * @param vertx   the load generator's Vert.x instance
   * @param binary  the redis-server executable
   * @return the running peer
   * @throws Exception when redis-server does not start
   */
  static RedisSystem start(Cleanup cleanup, Vertx vertx, String binary) throws Exception {
    RedisServer server = RedisServer.start(binary);
    Cleanup.Registration registration = cleanup.register("redis-server", server);
    NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(5_000));
    return new RedisSystem(server, client, registration);
  }

  /**
   * @return what {@code redis-server --version} printed
   */
  String version() {
    return server.version();
  }

  @Override
  public String label() {
    return "Redis";
  }

  @Override
  public String key() {
    return "redis";
  }

  @Override
  public String description() {
    return "redis-server pid " + server.pid() + " on 127.0.0.1:" + server.port()
        + " (--save '' --appendonly no, default client-output-buffer-limit pubsub 32mb 8mb 60); "
        + "publisher and subscribers connect to it";
  }

  @Override
  public Future<PubSubConnection> connect(Context context, int subscriber) {
    return RespConnection.connect(client, context, server.port());
  }

  @Override
  public List<Long> serverPids() {
    return List.of(server.pid());
  }

  @Override
  public Optional<ServerCounters> counters() {
    return Optional.empty();
  }

  @Override
  public void close() {
    try {
      Await.result(client.close(), CLOSE_BOUND, "closing the Redis TCP client");
    } finally {
      serverRegistration.close();
    }
  }
}
