package dev.switchboard.globaldata;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testkit.Await.failure;
import static dev.switchboard.testkit.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GlobalData contract in member mode: one view per node of a three-node cluster. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemberModeIT extends ServerSideUpdatesContract {

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

  /** The owner of the key runs the function: a member without it answers UNKNOWN_FUNCTION. */
  @Test
  void aFunctionRunsOnlyWhereItIsRegistered() throws Exception {
    List<GlobalData> views = views();
    HazelcastInstance first = cluster.node(0).hazelcast();
    UpdateFunctions.register(first, "only.first", (current, argument) -> "ran");
    String there = ownedBy(first, true);
    String elsewhere = ownedBy(first, false);
    assertThat(result(views.get(1).update(there, "only.first", null)).current()).isEqualTo("ran");
    assertReason(views.get(0).update(elsewhere, "only.first", null), Reason.UNKNOWN_FUNCTION);
    assertThat(result(views.get(2).exists(elsewhere))).isFalse();
  }

  @Test
  void registrationRefusesConflictsAndClassesThatAreNotFunctions() throws Exception {
    views();
    HazelcastInstance member = cluster.node(0).hazelcast();
    UpdateFunctions.register(member, TestUpdateFunctions.ALL);
    UpdateFunctions.register(member, TestUpdateFunctions.ALL);
    assertThatThrownBy(() -> UpdateFunctions.register(member, "counter.add",
        new TestUpdateFunctions.Throws())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> UpdateFunctions.register(member, Map.of("f", "java.lang.String")))
        .hasMessageContaining("does not implement");
    assertThatThrownBy(() -> UpdateFunctions.register(member, Map.of("f", "no.such.Class")))
        .hasMessageContaining("cannot load no.such.Class");
    assertThatThrownBy(() -> UpdateFunctions.register(member, "bad name", (c, a) -> c))
        .hasMessageContaining("name");
    Throwable refused = failure(cluster.vertx(1).deployVerticle(new GlobalDataVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("updateFunctions",
            new JsonObject().put("f", "java.lang.String")))));
    assertThat(refused).hasMessageContaining("does not implement");
  }

  private String ownedBy(HazelcastInstance member, boolean owned) {
    for (int i = 0; ; i++) {
      String key = "fn-" + i;
      boolean local = member.getPartitionService().getPartition(key).getOwner().localMember();
      if (local == owned) {
        return key;
      }
    }
  }
}
