package dev.switchboard.globaldata.impl;

import com.hazelcast.client.config.ClientConfig;
import dev.switchboard.globaldata.GlobalDataOptions;

/**
 * Builds the Hazelcast client configuration of GlobalData's client mode.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ClientConfigs {

  private ClientConfigs() {
  }

  /**
   * @param options the members, cluster name and connect timeout
   * @return the client configuration GlobalData's client mode uses, also for other clients of
   *     the same cluster (tools, tests)
   */
  public static ClientConfig of(GlobalDataOptions options) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(options.getClusterName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // a write whose backup was never confirmed (its member died) fails instead of succeeding
    config.setProperty("hazelcast.client.operation.fail.on.indeterminate.state", "true");
    int timeout = (int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout());
    // a peer that accepts the TCP connection but never answers (a wrong port) must not hold the
    // attempt past the connect timeout: bound the socket connect and the authentication too
    config.getNetworkConfig().setAddresses(options.getMembers()).setSmartRouting(true)
        .setConnectionTimeout(timeout);
    // the authentication wait is the heartbeat timeout, which also bounds how long a silent
    // member is trusted; ping often enough that a live member never looks silent
    config.setProperty("hazelcast.client.heartbeat.timeout", String.valueOf(timeout));
    config.setProperty("hazelcast.client.heartbeat.interval",
        String.valueOf(Math.max(100, Math.min(5_000, timeout / 3))));
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(options.getConnectTimeout())
        .setInitialBackoffMillis(100)
        .setMaxBackoffMillis(2_000);
    return config;
  }
}
