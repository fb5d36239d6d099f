package dev.switchboard.globaldata;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.globaldata.impl.ClientConnector;
import dev.switchboard.globaldata.impl.HazelcastGlobalData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GlobalData contract in client mode: three Hazelcast clients, each in its own plain
 * (non-clustered) Vert.x instance, against a real three-member cluster.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientModeIT extends ServerSideUpdatesContract {

  private final List<Vertx> clientVertx = new ArrayList<>();
  private final List<GlobalData> clients = new ArrayList<>();

  @Override
  List<GlobalData> views() throws Exception {
    startNodes(3);
    GlobalDataOptions options = options()
        .setClusterName(cluster.clusterName())
        .setMembers(cluster.memberAddresses());
    for (int i = 0; i < 3; i++) {
      Vertx vertx = Vertx.vertx();
      clientVertx.add(vertx);
      clients.add(result(GlobalData.client(vertx, options)));
    }
    return List.copyOf(clients);
  }

  @Override
  Vertx vertxOf(int i) {
    return clientVertx.get(i);
  }

  @Test
  void connectingWhereNoMemberAnswersFailsClearlyInBoundedTime() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Vertx vertx = Vertx.vertx();
      clientVertx.add(vertx);
      GlobalDataOptions options = options().setClusterName("nobody-here")
          .setMembers(List.of("127.0.0.1:" + silent.getLocalPort())).setConnectTimeout(1_000);
      long started = System.nanoTime();
      Throwable failure = failure(GlobalData.client(vertx, options));
      assertThat(failure).isInstanceOf(GlobalDataException.class)
          .hasMessageContaining("Cannot reach cluster nobody-here");
      assertThat(((GlobalDataException) failure).reason()).isEqualTo(Reason.NO_MEMBER);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void everyCloseCompletesOnlyOnceTheClientIsShutDown() throws Exception {
    Vertx vertx = Vertx.vertx();
    clientVertx.add(vertx);
    GlobalDataOptions options = options();
    HazelcastInstance client = memberAndClient(vertx, options);
    GlobalData data = HazelcastGlobalData.over(vertx, client, options, true);
    Future<Void> first = data.close();
    Future<Void> second = data.close();
    result(second);
    assertThat(client.getLifecycleService().isRunning()).as("shut down when close completes")
        .isFalse();
    boolean runningAfterFirst = result(first.map(v -> client.getLifecycleService().isRunning()));
    assertThat(runningAfterFirst).isFalse();
  }

  @Test
  void updateFunctionsCannotBeRegisteredOnAClient() throws Exception {
    Vertx vertx = Vertx.vertx();
    clientVertx.add(vertx);
    GlobalDataOptions options = options();
    HazelcastInstance client = memberAndClient(vertx, options);
    clients.add(HazelcastGlobalData.over(vertx, client, options, true));
    assertThatThrownBy(() -> UpdateFunctions.register(client, "f", (c, a) -> c))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on a client");
  }

  /** Starts one member and connects a Hazelcast client to it with the options, now set for it. */
  private HazelcastInstance memberAndClient(Vertx vertx, GlobalDataOptions options)
      throws Exception {
    startNodes(1);
    options.setClusterName(cluster.clusterName()).setMembers(cluster.memberAddresses());
    return result(vertx.executeBlocking(() -> ClientConnector.connect(options), false));
  }

  @AfterEach
  void closeClients() {
    clients.forEach(c -> result(c.close()));
    clientVertx.forEach(v -> result(v.close()));
  }
}
