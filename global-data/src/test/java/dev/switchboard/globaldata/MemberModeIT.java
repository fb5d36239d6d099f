package dev.switchboard.globaldata;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The GlobalData contract in member mode: one view per node of a three-node cluster. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemberModeIT extends GlobalDataContract {

  @Override
  List<GlobalData> views() throws Exception {
    startNodes(3);
    return cluster.nodes().stream()
        .map(node -> GlobalData.member(node.vertx(), options())).toList();
  }

  @Override
  Vertx vertxOf(int i) {
    return cluster.vertx(i);
  }
}
