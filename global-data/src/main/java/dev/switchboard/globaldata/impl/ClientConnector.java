package dev.switchboard.globaldata.impl;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.impl.management.ClientConnectionProcessListener;
import com.hazelcast.cluster.Address;
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

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a Hazelcast client on {@link ClientConfigs#of} and waits, at most the connect timeout,
 * until it has connected; logs each loss of the cluster and each reconnection afterwards. A
 * client whose cluster name every configured member refuses (members of a cluster of another
 * name) fails at once with {@link Reason#WRONG_CLUSTER} instead of retrying until the timeout.
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
   * @throws GlobalDataException NO_MEMBER when it has not connected within the connect timeout,
   *     WRONG_CLUSTER when every configured member refused its cluster name (the client is then
   *     shut down)
   */
  public static HazelcastInstance connect(GlobalDataOptions options) {
    ConnectionLog log = new ConnectionLog(options);
    ClientConfig config = ClientConfigs.of(options);
    config.addListenerConfig(new ListenerConfig(log));
    HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
    GlobalDataException failure;
    try {
      failure = log.start.get(options.getConnectTimeout(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = log.noMember();
    } catch (ExecutionException | TimeoutException e) {
      failure = log.noMember();
    }
    if (failure != null) {
      client.shutdown();
      throw failure;
    }
    return client;
  }

  /**
   * Completes the start (null when connected, else the failure) and logs the later losses and
   * reconnections. Hazelcast's public API does not say why a connection attempt failed: the
   * refusal of the cluster name is seen through {@link ClientConnectionProcessListener}, the
   * client's internal listener of its connection steps (Management Center's), which a client
   * takes from its configuration's listeners.
   */
  private static final class ConnectionLog implements LifecycleListener,
      ClientConnectionProcessListener {

    private final GlobalDataOptions options;
    private final CompletableFuture<GlobalDataException> start = new CompletableFuture<>();
    private final Set<String> refusedBy = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    ConnectionLog(GlobalDataOptions options) {
      this.options = options;
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      switch (event.getState()) {
        case CLIENT_CONNECTED -> {
          if (!start.complete(null)) {
            LOG.info("GlobalData client reconnected to cluster {}", options.getClusterName());
          }
        }
        case SHUTTING_DOWN -> shuttingDown = true;
        case CLIENT_DISCONNECTED -> {
          if (start.isDone() && !shuttingDown) {
            LOG.warn("GlobalData client lost cluster {}: reconnecting; calls fail with "
                + "UNAVAILABLE until it is back", options.getClusterName());
          }
        }
        default -> {
        }
      }
    }

    /** A member answered, but refused the cluster name (or credentials, which it has none). */
    @Override
    public void credentialsFailed(Address address) {
      refusedBy.add(address.getHost() + ":" + address.getPort());
      if (refusedBy.size() >= options.getMembers().size()) {
        start.complete(wrongCluster());
      }
    }

    GlobalDataException noMember() {
      return refusedBy.isEmpty() ? new GlobalDataException(Reason.NO_MEMBER, "Cannot reach cluster "
          + options.getClusterName() + " at " + options.getMembers() + " within "
          + options.getConnectTimeout() + " ms") : wrongCluster();
    }

    private GlobalDataException wrongCluster() {
      return new GlobalDataException(Reason.WRONG_CLUSTER, "The members at " + refusedBy
          + " refused cluster name \"" + options.getClusterName() + "\": they are members of a"
          + " cluster of another name (a Hazelcast member does not tell a client its name);"
          + " give clusterName the name in the members' cluster.xml (switchboard.cluster.name,"
          + " SWITCHBOARD_CLUSTER_NAME)");
    }
  }
}
