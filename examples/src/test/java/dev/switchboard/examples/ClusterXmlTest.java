package dev.switchboard.examples;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import dev.switchboard.testkit.LoopbackCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code cluster.xml} and the tests' members agree on what makes writes safe: a
 * write whose backup is unconfirmed fails, GlobalData has one synchronous backup, and the Vert.x
 * cluster manager's maps (which every node writes again after a member leaves) are backed up
 * asynchronously, so that the first setting never fails a node's start.
 */
class ClusterXmlTest {

  static Stream<Config> configs() {
    return Stream.of(new ClasspathXmlConfig("cluster.xml"),
        LoopbackCluster.memberConfig("test", List.of()));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void writesFailUnlessTheirBackupIsConfirmed(Config config) {
    assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state"))
        .isEqualTo("true");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void globalDataHasOneSynchronousBackup(Config config) {
    MapConfig map = config.findMapConfig("switchboard.globaldata");
    assertThat(map.getBackupCount()).isEqualTo(1);
    assertThat(map.getAsyncBackupCount()).isZero();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void theVertxClusterManagerMapsAreBackedUpAsynchronously(Config config) {
    for (String name : LoopbackCluster.VERTX_MAPS) {
      MapConfig map = config.findMapConfig(name);
      assertThat(map.getBackupCount()).as(name).isZero();
      assertThat(map.getAsyncBackupCount()).as(name).isEqualTo(1);
    }
    MultiMapConfig subs = config.findMultiMapConfig(LoopbackCluster.VERTX_SUBSCRIPTIONS);
    assertThat(subs.getBackupCount()).isZero();
    assertThat(subs.getAsyncBackupCount()).isEqualTo(1);
  }
}
