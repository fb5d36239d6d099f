package dev.switchboard.examples;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.switchboard.channel.server.WorkQueueOptions;
import dev.switchboard.globaldata.GlobalDataAddresses;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.testkit.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped {@code cluster.xml} and the tests' members agree on what makes writes safe: a
 * write whose backup is unconfirmed fails, GlobalData has one synchronous backup, and the Vert.x
 * cluster manager's maps (which every node writes again after a member leaves) are backed up
 * asynchronously, so that the first setting never fails a node's start. The shipped file has
 * no cluster name of its own (a node given none refuses to start) and binds 127.0.0.1 only.
 */
class ClusterXmlTest {

  /** The system property holding the cluster name in the shipped cluster.xml. */
  private static final String CLUSTER_NAME_PROPERTY = "switchboard.cluster.name";

  static Stream<Config> configs() {
    return Stream.of(shipped("sb-named"), LoopbackCluster.memberConfig("test", List.of()));
  }

  private static Config shipped(String clusterName) {
    Properties properties = new Properties();
    properties.setProperty(CLUSTER_NAME_PROPERTY, clusterName);
    return new ClasspathXmlConfig("cluster.xml", properties);
  }

  @Test
  void theShippedClusterXmlRefusesToLoadWithoutAClusterName() {
    assertThat(System.getProperty(CLUSTER_NAME_PROPERTY)).isNull();
    assertThatThrownBy(() -> new ClasspathXmlConfig("cluster.xml"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(CLUSTER_NAME_PROPERTY);
  }

  @Test
  void theShippedClusterXmlTakesTheGivenClusterName() {
    assertThat(shipped("sb-given").getClusterName()).isEqualTo("sb-given");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void hazelcastBindsTheConfiguredInterfaceOnly(Config config) {
    InterfacesConfig interfaces = config.getNetworkConfig().getInterfaces();
    assertThat(interfaces.isEnabled()).isTrue();
    assertThat(interfaces.getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
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

  @Test
  void theShippedClusterXmlNamesGlobalDatasSplitBrainProtectionOffWithTheDiscardMergePolicy() {
    Config config = shipped("sb-quorum");
    MapConfig map = config.findMapConfig(GlobalDataOptions.DEFAULT_MAP_NAME);
    assertThat(map.getSplitBrainProtectionName())
        .isEqualTo(GlobalDataAddresses.SPLIT_BRAIN_PROTECTION);
    assertThat(map.getMergePolicyConfig().getPolicy())
        .isEqualTo(DiscardMergePolicy.class.getName());
    SplitBrainProtectionConfig protection =
        config.getSplitBrainProtectionConfig(GlobalDataAddresses.SPLIT_BRAIN_PROTECTION);
    assertThat(protection.isEnabled()).isFalse();
    assertThat(protection.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
    assertThat(protection.getMinimumClusterSize()).isEqualTo(2);
  }

  @Test
  void theShippedClusterXmlGivesTheWorkQueuesOneSynchronousBackup() {
    MapConfig map = shipped("sb-queues").findMapConfig(WorkQueueOptions.MAP_NAME);
    assertThat(map.getBackupCount()).isEqualTo(1);
    assertThat(map.getAsyncBackupCount()).isZero();
    assertThat(map.getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
  }

  @Test
  void theTestKitsGlobalDataQuorumUsesGlobalDatasNames() {
    Config config = LoopbackCluster.withGlobalDataQuorum(
        LoopbackCluster.memberConfig("test", List.of()), 2);
    assertThat(LoopbackCluster.GLOBAL_DATA_SPLIT_BRAIN_PROTECTION)
        .isEqualTo(GlobalDataAddresses.SPLIT_BRAIN_PROTECTION);
    assertThat(config.findMapConfig(GlobalDataOptions.DEFAULT_MAP_NAME)
        .getSplitBrainProtectionName()).isEqualTo(GlobalDataAddresses.SPLIT_BRAIN_PROTECTION);
  }
}
