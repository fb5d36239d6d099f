package dev.switchboard.globaldata.impl;

import com.hazelcast.client.config.ClientConfig;
import dev.switchboard.globaldata.GlobalDataOptions;

/**
 * Builds the Hazelcast client configuration of GlobalData's client mode.
 *
 * <p>Stateless; safe from any thread.
 */
final class ClientConfigs {

  private ClientConfigs() {
  }

  static ClientConfig of(GlobalDataOptions options) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(options.getClusterName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setAddresses(options.getMembers()).setSmartRouting(true);
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(options.getConnectTimeout())
        .setInitialBackoffMillis(100)
        .setMaxBackoffMillis(2_000);
    return config;
  }
}
