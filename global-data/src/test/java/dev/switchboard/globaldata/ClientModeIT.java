package dev.switchboard.globaldata;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.result;

/**
 * The GlobalData contract in client mode: three Hazelcast clients, each in its own plain
 * (non-clustered) Vert.x instance, against a real three-member cluster.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientModeIT extends GlobalDataContract {

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

  @AfterEach
  void closeClients() {
    clients.forEach(c -> result(c.close()));
    clientVertx.forEach(v -> result(v.close()));
  }
}
