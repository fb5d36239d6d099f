package dev.switchboard.globaldata.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig.ReconnectMode;
import dev.switchboard.globaldata.GlobalDataOptions;

/**
 * Builds the Hazelcast client configuration of GlobalData's client mode.
 *
 * <p>The client never gives up on the cluster: after losing every member it reconnects in the
 * background, forever, with backoff up to {@value #MAX_BACKOFF_MILLIS} ms (Hazelcast applies its
 * cluster connect timeout to reconnection too and shuts the client down when it runs out, so
 * that timeout is not the start bound). Meanwhile calls fail at once
 * ({@code ReconnectMode.ASYNC}: Hazelcast's offline exception, which GlobalData reports as
 * {@code UNAVAILABLE}) instead of waiting. The start is asynchronous; {@code ClientConnector}
 * bounds it by the connect timeout.
 *
 * <p>Stateless; safe from any thread.
 */
public final class ClientConfigs {

  /** Longest pause between two reconnection attempts, in milliseconds. */
  static final int MAX_BACKOFF_MILLIS = 2_000;

  private ClientConfigs() {
  }

  /**
   * @param options the members, cluster name and connect timeout
   * @return the client configuration GlobalData's client mode uses; a client started on it
   *     returns before it has connected: start it with {@code ClientConnector.connect} (tools
   *     and tests too)
   */
  public static ClientConfig of(GlobalDataOptions options) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(options.getClusterName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // a write whose backup was never confirmed (its member died) fails instead of succeeding
    config.setProperty("hazelcast.client.operation.fail.on.indeterminate.state", "true");
    // the partition owner, not each backup member, confirms the backups to the client: a backup
    // member sends its confirmation straight to the client only once the client's backup
    // listener is registered on it, which an asynchronous start or a reconnection does after
    // the connection is up, so a write made at once would wait for the backup timeout and fail
    // as indeterminate; the member confirms under its own fail.on.indeterminate.state
    config.setBackupAckToClientEnabled(false);
    int timeout = (int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout());
    // a peer that accepts the TCP connection but never answers (a wrong port) must not hold one
    // attempt past the connect timeout: bound the socket connect and the authentication too
    config.getNetworkConfig().setAddresses(options.getMembers()).setSmartRouting(true)
        .setConnectionTimeout(timeout);
    // the authentication wait is the heartbeat timeout, which also bounds how long a silent
    // member is trusted, so how long calls wait before a silent outage is noticed; ping often
    // enough that a live member never looks silent
    config.setProperty("hazelcast.client.heartbeat.timeout", String.valueOf(timeout));
    config.setProperty("hazelcast.client.heartbeat.interval",
        String.valueOf(Math.max(100, Math.min(5_000, timeout / 3))));
    config.getConnectionStrategyConfig()
        .setAsyncStart(true)
        .setReconnectMode(ReconnectMode.ASYNC)
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(Long.MAX_VALUE)
        .setInitialBackoffMillis(100)
        .setMaxBackoffMillis(MAX_BACKOFF_MILLIS);
    return config;
  }
}
