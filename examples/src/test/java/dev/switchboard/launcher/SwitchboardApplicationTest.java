package dev.switchboard.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static dev.switchboard.launcher.SwitchboardApplication.CLUSTER_NAME_PROPERTY;
import static dev.switchboard.launcher.SwitchboardApplication.HAZELCAST_CONFIG_PROPERTY;
import static dev.switchboard.launcher.SwitchboardApplication.prepare;
import static org.assertj.core.api.Assertions.assertThat;

class SwitchboardApplicationTest {

  private static final String VERTICLE = "dev.switchboard.globaldata.GlobalDataVerticle";

  @Test
  void theClusterNameComesFromTheEnvironmentUnlessThePropertyIsSet() {
    Properties properties = new Properties();
    assertThat(prepare(List.of(VERTICLE, "-cluster"), "from-env", properties)).isNull();
    assertThat(properties.getProperty(CLUSTER_NAME_PROPERTY)).isEqualTo("from-env");

    Properties explicit = new Properties();
    explicit.setProperty(CLUSTER_NAME_PROPERTY, "from-property");
    assertThat(prepare(List.of(VERTICLE, "-cluster"), "from-env", explicit)).isNull();
    assertThat(explicit.getProperty(CLUSTER_NAME_PROPERTY)).isEqualTo("from-property");

    Properties blank = new Properties();
    prepare(List.of(VERTICLE), " ", blank);
    assertThat(blank.getProperty(CLUSTER_NAME_PROPERTY)).isNull();
  }

  @Test
  void aClusteredNodeWithoutAClusterNameIsRefusedWithTheReason() {
    for (String flag : List.of("-cluster", "--cluster", "-c", "-CLUSTER")) {
      assertThat(prepare(List.of(VERTICLE, flag), null, new Properties())).as(flag)
          .contains("SWITCHBOARD_CLUSTER_NAME", "-Dvertx.hazelcast.config");
    }
  }

  @Test
  void aClusterConfigurationOfOnesOwnOrNoClusterNeedsNoName() {
    Properties ownXml = new Properties();
    ownXml.setProperty(HAZELCAST_CONFIG_PROPERTY, "/etc/switchboard/cluster.xml");
    assertThat(prepare(List.of(VERTICLE, "-cluster"), null, ownXml)).isNull();
    assertThat(prepare(List.of(VERTICLE, "-conf", "{}"), null, new Properties())).isNull();
  }

  @Test
  void highAvailabilityPointsToTheClassicLauncher() {
    assertThat(prepare(List.of(VERTICLE, "-ha"), "name", new Properties()))
        .contains("bin/vertx run");
    assertThat(prepare(List.of(VERTICLE, "-cluster", "-hagroup", "g"), "name", new Properties()))
        .contains("bin/vertx run");
  }

  @Test
  void hazelcastLogsThroughSlf4jWithoutPhoningHomeUnlessToldOtherwise() {
    Properties properties = new Properties();
    prepare(List.of(VERTICLE), null, properties);
    assertThat(properties.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
    assertThat(properties.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");

    Properties told = new Properties();
    told.setProperty("hazelcast.logging.type", "jdk");
    prepare(List.of(VERTICLE), null, told);
    assertThat(told.getProperty("hazelcast.logging.type")).isEqualTo("jdk");
  }
}
