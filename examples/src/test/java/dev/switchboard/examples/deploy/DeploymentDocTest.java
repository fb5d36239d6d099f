package dev.switchboard.examples.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryXmlConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.channel.server.ChannelServerOptions;
import dev.switchboard.channel.server.ChannelServerVerticle;
import dev.switchboard.gateway.BusinessOptions;
import dev.switchboard.gateway.BusinessVerticle;
import dev.switchboard.gateway.GatewayOptions;
import dev.switchboard.gateway.GatewayVerticle;
import dev.switchboard.globaldata.GlobalDataOptions;
import dev.switchboard.globaldata.GlobalDataVerticle;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configurations of {@code docs/deployment.md}, read from the guide itself: the Hazelcast
 * files load with Hazelcast's own loader, each verticle configuration is read by its options
 * class, and the blocks agree with each other (the quorum with the member count, the gateway's
 * trusted proxy with nginx, nginx's timeouts with the gateway's heartbeat). The Kubernetes
 * manifests: {@link KubernetesManifestTest}; the systemd unit: {@link SystemdUnitTest}; nginx
 * itself: {@link DeploymentNginxIT}; three members started from the three-host file:
 * {@link ThreeHostClusterIT}.
 */
class DeploymentDocTest {

  /** Every block of the guide, each read by one of the tests named in the class comment. */
  static final Set<String> BLOCKS = Set.of("cluster-3hosts.xml", "gateway.json", "business.json",
      "channel.json", "channel-client.json", "data.json", "switchboard@.service", "switchboard.env", "gateway.env",
      "business.env", "channel.env", "data.env", "nginx-switchboard.conf", "nginx-main.conf",
      "cluster-k8s.xml", "gateway-k8s.json", "k8s.yaml");

  /** The roles of a host, each an environment file and a verticle configuration. */
  static final List<String> ROLES = List.of("gateway", "business", "channel", "data");

  private static final String NGINX_ADDRESS = "10.0.0.10";

  private final DeploymentDoc doc = DeploymentDoc.load();

  /** Loads a Hazelcast XML block as {@code bin/vertx} would, with the cluster name given. */
  static Config hazelcast(DeploymentDoc doc, String name) {
    Properties properties = new Properties();
    properties.setProperty("switchboard.cluster.name", "sb-deployment-doc");
    return new InMemoryXmlConfig(doc.text(name), properties);
  }

  @Test
  void everyBlockOfTheGuideIsReadByATest() {
    assertThat(doc.names()).containsExactlyInAnyOrderElementsOf(BLOCKS);
  }

  @Test
  void aBlockWithoutItsMarkerOrItsEndIsRefusedNamingTheLine() {
    assertThatThrownBy(() -> DeploymentDoc.parse(List.of("text", "```json", "{}", "```")))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("line 2: a fenced block");
    assertThatThrownBy(() -> DeploymentDoc.parse(List.of("<!-- snippet: a.json -->", "```json")))
        .hasMessage("line 2: block a.json never ends");
    assertThatThrownBy(() -> DeploymentDoc.parse(List.of("<!-- snippet: a.json -->", "words")))
        .hasMessageContaining("not followed by a fenced block");
    assertThatThrownBy(() -> DeploymentDoc.parse(List.of("<!-- snippet: a -->", "```", "```",
        "<!-- snippet: a -->", "```", "```"))).hasMessageContaining("a second block named a");
  }

  @Test
  void theThreeHostClusterXmlListsTheHostsAndBindsTheirInterfaceOnly() {
    Config config = hazelcast(doc, "cluster-3hosts.xml");
    assertThat(config.getClusterName()).isEqualTo("sb-deployment-doc");
    NetworkConfig network = config.getNetworkConfig();
    JoinConfig join = network.getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2",
        "10.0.0.3");
    assertThat(network.getInterfaces().isEnabled()).isTrue();
    assertThat(network.getInterfaces().getInterfaces()).containsExactly("10.0.0.*");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.operation.fail.on.indeterminate.state"))
        .isEqualTo("true");
    // one Hazelcast port per JVM of a host, and the join tries each of them
    assertThat(network.getPort()).isEqualTo(5701);
    assertThat(network.getPortCount()).isEqualTo(ROLES.size());
    assertThat(config.getProperty("hazelcast.tcp.join.port.try.count"))
        .isEqualTo(String.valueOf(ROLES.size()));
    PartitionGroupConfig groups = config.getPartitionGroupConfig();
    assertThat(groups.isEnabled()).isTrue();
    assertThat(groups.getGroupType()).isEqualTo(PartitionGroupConfig.MemberGroupType.HOST_AWARE);
    assertThat(config.findMapConfig("switchboard.globaldata").getBackupCount()).isEqualTo(1);
  }

  @Test
  void bothClusterXmlsRefuseToLoadWithoutTheClusterName() {
    for (String name : List.of("cluster-3hosts.xml", "cluster-k8s.xml")) {
      assertThatThrownBy(() -> new InMemoryXmlConfig(doc.text(name)))
          .as(name).isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("switchboard.cluster.name");
    }
  }

  @Test
  void theQuorumIsAMajorityOfEveryJvmOfTheThreeHosts() {
    Config config = hazelcast(doc, "cluster-3hosts.xml");
    int members = config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size()
        * ROLES.size();
    int majority = members / 2 + 1;
    assertThat(majority).isEqualTo(7);
    SplitBrainProtectionConfig quorum = config.getSplitBrainProtectionConfig(
        "switchboard.globaldata.quorum");
    assertThat(quorum.isEnabled()).isTrue();
    assertThat(quorum.getMinimumClusterSize()).isEqualTo(majority);
    assertThat(quorum.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
    assertThat(config.findMapConfig("switchboard.globaldata").getSplitBrainProtectionName())
        .isEqualTo(quorum.getName());
    assertThat(new GlobalDataOptions(doc.json("data.json")).getMinimumMembers())
        .isEqualTo(majority);
  }

  @Test
  void eachRoleRunsItsVerticleOnItsOwnEventBusPort() {
    Map<String, String> verticles = Map.of("gateway", GatewayVerticle.class.getName(),
        "business", BusinessVerticle.class.getName(),
        "channel", ChannelServerVerticle.class.getName(),
        "data", GlobalDataVerticle.class.getName());
    Config config = hazelcast(doc, "cluster-3hosts.xml");
    int hazelcastFirst = config.getNetworkConfig().getPort();
    int hazelcastLast = hazelcastFirst + config.getNetworkConfig().getPortCount() - 1;
    Set<Integer> ports = new java.util.HashSet<>();
    for (String role : ROLES) {
      Map<String, String> env = doc.environment(role + ".env");
      assertThat(env).containsOnlyKeys("VERTICLE", "EVENT_BUS_PORT", "INSTANCES");
      assertThat(env.get("VERTICLE")).as(role).isEqualTo(verticles.get(role));
      int port = Integer.parseInt(env.get("EVENT_BUS_PORT"));
      assertThat(port < hazelcastFirst || port > hazelcastLast).as("%s event bus port %s outside Hazelcast's", role, port).isTrue();
      assertThat(ports.add(port)).as("%s's event bus port %s is another role's", role, port)
          .isTrue();
      assertThat(Integer.parseInt(env.get("INSTANCES"))).as(role).isPositive();
    }
    Map<String, String> host = doc.environment("switchboard.env");
    assertThat(host).containsKeys("SWITCHBOARD_CLUSTER_NAME", "NODE_NAME", "HOST_ADDRESS",
        "SWITCHBOARD_JAR");
    assertThat(host.get("JAVA_OPTS")).contains("-Dvertx.hazelcast.config=/etc/switchboard/");
    assertThat(host.get("SWITCHBOARD_CLUSTER_NAME")).matches("[0-9a-f]{32}");
  }

  @Test
  void everyVerticleConfigurationIsReadByItsOptionsWithEveryKeyKnown() {
    known("gateway.json", GatewayOptions::new, GatewayOptions::toJson);
    known("gateway-k8s.json", GatewayOptions::new, GatewayOptions::toJson);
    known("business.json", BusinessOptions::new, BusinessOptions::toJson);
    known("channel.json", ChannelServerOptions::new, ChannelServerOptions::toJson);
    known("channel-client.json", ChannelClientOptions::new, ChannelClientOptions::toJson);
    known("data.json", GlobalDataOptions::new, GlobalDataOptions::toJson);

    GatewayOptions gateway = new GatewayOptions(doc.json("gateway.json"));
    BusinessOptions business = new BusinessOptions(doc.json("business.json"));
    assertThat(gateway.getBusiness()).isEqualTo(business.getBusiness());
    assertThat(new GatewayOptions(doc.json("gateway-k8s.json")).getBusiness())
        .isEqualTo(business.getBusiness());
    assertThat(business.getHandler()).isEqualTo(
        dev.switchboard.examples.ChatBusiness.class.getName());
    ChannelServerOptions channel = new ChannelServerOptions(doc.json("channel.json"));
    assertThat(channel.isSsl()).isTrue();
    assertThat(channel.getPort()).isEqualTo(2206);
    ChannelClientOptions client = new ChannelClientOptions(doc.json("channel-client.json"));
    assertThat(client.isSsl()).isTrue();
    assertThat(client.getToken()).isEqualTo(channel.getToken());
    List<String> hosts = hazelcast(doc, "cluster-3hosts.xml").getNetworkConfig().getJoin()
        .getTcpIpConfig().getMembers();
    assertThat(client.getServers()).containsExactlyElementsOf(hosts.stream()
        .map(host -> host + ":" + channel.getPort()).toList());
    // each listener binds the host's own address, the status listener loopback only
    assertThat(gateway.getHost()).isEqualTo(channel.getHost()).isEqualTo(
        doc.environment("switchboard.env").get("HOST_ADDRESS"));
    assertThat(gateway.getStatusHost()).isEqualTo("127.0.0.1");
  }

  /** Reads the block with its options class and checks every key it has is one the class has. */
  private <T> void known(String name, Function<JsonObject, T> read,
                         Function<T, JsonObject> write) {
    JsonObject json = doc.json(name);
    T options = read.apply(json);
    JsonObject written = write.apply(options);
    for (String key : json.fieldNames()) {
      assertThat(written.containsKey(key)).as("%s: key %s is not an option", name, key).isTrue();
      // read back as given (a number may come back as a long)
      assertThat(String.valueOf(written.getValue(key))).as("%s: %s", name, key)
          .isEqualTo(String.valueOf(json.getValue(key)));
    }
  }

  @Test
  void theGatewayTrustsNginxAloneAndReadsTheOneHeaderNginxSets() {
    GatewayOptions gateway = new GatewayOptions(doc.json("gateway.json"));
    assertThat(gateway.getTrustedProxies()).containsExactly(NGINX_ADDRESS + "/32");
    assertThat(gateway.getForwardedHeaders()).containsExactly("X-Forwarded-For");
    String nginx = doc.text("nginx-switchboard.conf");
    assertThat(nginx).contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header Forwarded \"\";", "proxy_set_header X-Real-IP \"\";",
        "proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;", "listen 443 ssl;");
    // nginx forwards to every host's gateway port
    List<String> hosts = hazelcast(doc, "cluster-3hosts.xml").getNetworkConfig().getJoin()
        .getTcpIpConfig().getMembers();
    for (String host : hosts) {
      assertThat(nginx).contains("server " + host + ":" + gateway.getPort() + " ");
    }
  }

  @Test
  void nginxWaitsLongerThanTheGatewaysHeartbeat() {
    GatewayOptions gateway = new GatewayOptions(doc.json("gateway.json"));
    String nginx = doc.text("nginx-switchboard.conf");
    for (String directive : List.of("proxy_read_timeout", "proxy_send_timeout")) {
      Matcher timeout = Pattern.compile(directive + " (\\d+)s;").matcher(nginx);
      assertThat(timeout.find()).as(directive).isTrue();
      long millis = Long.parseLong(timeout.group(1)) * 1000;
      assertThat(millis).as(directive).isGreaterThan(gateway.getHeartbeatTimeout())
          .isGreaterThan(gateway.getPingInterval());
    }
  }
}
