package dev.switchboard.core.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientConfig;
import io.vertx.core.http.HttpServerConfig;
import io.vertx.core.net.QuicEndpointConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpClientConfig;
import io.vertx.core.net.TcpServerConfig;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TransportMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;

/**
 * A node's Vert.x metrics: vertx-micrometer-metrics' for everything but the event bus, whose
 * meters are {@link EventBusMeters} (registered once, in the same registry). Implements {@link
 * MicrometerMetrics} as vertx-micrometer-metrics' own object does, so that the registry is found
 * the same way ({@link NodeMetrics}).
 *
 * <p>Every method of {@link VertxMetrics} is forwarded to vertx-micrometer-metrics but {@link
 * #createEventBusMetrics()} (a unit test checks that none is left to the interface's default).
 *
 * <p>Threading: as the object it wraps; Vert.x calls the factories while it makes its parts.
 */
final class MeteredVertxMetrics implements VertxMetrics, MicrometerMetrics {

  private final VertxMetrics micrometer;
  private final MicrometerMetricsOptions options;

  /**
   * @param micrometer vertx-micrometer-metrics' metrics of the instance (a {@link
   *                   MicrometerMetrics})
   * @param options    their options: the names and labels of the event bus's meters
   */
  MeteredVertxMetrics(VertxMetrics micrometer, MicrometerMetricsOptions options) {
    if (!(micrometer instanceof MicrometerMetrics)) {
      throw new IllegalArgumentException("not vertx-micrometer-metrics' metrics: " + micrometer);
    }
    this.micrometer = micrometer;
    this.options = options;
  }

  @Override
  public MeterRegistry registry() {
    return ((MicrometerMetrics) micrometer).registry();
  }

  @Override
  public String baseName() {
    return ((MicrometerMetrics) micrometer).baseName();
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    // vertx-micrometer-metrics prefixes a domain's names with the domain's prefix
    return new EventBusMeters(registry(),
        options.getMetricsNaming().withBaseName(MetricsDomain.EVENT_BUS.getPrefix()),
        options.getLabels());
  }

  @Override
  public HttpServerMetrics<?, ?> createHttpServerMetrics(HttpServerConfig config,
                                                         SocketAddress tcpLocalAddress,
                                                         SocketAddress udpLocalAddress) {
    return micrometer.createHttpServerMetrics(config, tcpLocalAddress, udpLocalAddress);
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type,
                                                    String namespace) {
    return micrometer.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?> createHttpClientMetrics(HttpClientConfig config) {
    return micrometer.createHttpClientMetrics(config);
  }

  @Override
  public TransportMetrics<?> createTcpServerMetrics(TcpServerConfig config, String protocol,
                                                    SocketAddress localAddress) {
    return micrometer.createTcpServerMetrics(config, protocol, localAddress);
  }

  @Override
  public TransportMetrics<?> createTcpClientMetrics(TcpClientConfig config, String protocol) {
    return micrometer.createTcpClientMetrics(config, protocol);
  }

  @Override
  public TransportMetrics<?> createQuicEndpointMetrics(QuicEndpointConfig config, String protocol,
                                                       SocketAddress localAddress) {
    return micrometer.createQuicEndpointMetrics(config, protocol, localAddress);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions datagramOptions) {
    return micrometer.createDatagramSocketMetrics(datagramOptions);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
    return micrometer.createPoolMetrics(poolType, poolName, maxPoolSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    micrometer.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return micrometer.isMetricsEnabled();
  }

  @Override
  public void close() {
    micrometer.close();
  }
}
