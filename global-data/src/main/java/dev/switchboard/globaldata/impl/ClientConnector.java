package dev.switchboard.globaldata.impl;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.globaldata.internal.ClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts a Hazelcast client on {@link ClientConfigs#of} and waits, at most the connect timeout,
 * until it has connected; logs each loss of the cluster and each reconnection afterwards.
 *
 * <p>{@link #connect} blocks: call it on a worker thread. Thread-safe.
 */
public final class ClientConnector {

  private static final Logger LOG = LoggerFactory.getLogger(ClientConnector.class);

  private ClientConnector() {
  }

  /**
   * @param options the members, cluster name and connect timeout
   * @return a client connected to the cluster; it reconnects by itself after losing it
   * @throws GlobalDataException NO_MEMBER when it has not connected within the connect timeout
   *     (the client is then shut down)
   */
  public static HazelcastInstance connect(GlobalDataOptions options) {
    ConnectionLog log = new ConnectionLog(options.getClusterName());
    ClientConfig config = ClientConfigs.of(options);
    config.addListenerConfig(new ListenerConfig(log));
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    boolean connected;
    try {
      connected = log.firstConnection.await(options.getConnectTimeout(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connected = false;
    }
    if (!connected) {
      client.shutdown();
      throw new GlobalDataException(Reason.NO_MEMBER, "Cannot reach cluster "
          + options.getClusterName() + " at " + options.getMembers() + " within "
          + options.getConnectTimeout() + " ms");
    }
    return client;
  }

  /** Counts the first connection down and logs the later losses and reconnections. */
  private static final class ConnectionLog implements LifecycleListener {

    private final String clusterName;
    private final CountDownLatch firstConnection = new CountDownLatch(1);
    private volatile boolean shuttingDown;

    ConnectionLog(String clusterName) {
      this.clusterName = clusterName;
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      switch (event.getState()) {
        case CLIENT_CONNECTED -> {
          if (firstConnection.getCount() == 0) {
            LOG.info("GlobalData client reconnected to cluster {}", clusterName);
          }
          firstConnection.countDown();
        }
        case SHUTTING_DOWN -> shuttingDown = true;
        case CLIENT_DISCONNECTED -> {
          if (firstConnection.getCount() == 0 && !shuttingDown) {
            LOG.warn("GlobalData client lost cluster {}: reconnecting; calls fail with "
                + "UNAVAILABLE until it is back", clusterName);
          }
        }
        default -> {
        }
      }
    }
  }
}
