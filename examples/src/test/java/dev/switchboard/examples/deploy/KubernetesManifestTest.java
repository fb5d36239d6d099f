package dev.switchboard.examples.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes part of {@code docs/deployment.md}: its {@code cluster.xml} loaded by
 * Hazelcast's configuration loader (no member is started) joins through Hazelcast's Kubernetes
 * discovery in DNS mode, on the headless Service the manifests define; the manifests (parsed by
 * SnakeYAML, safe constructor) agree with that file and with the container's arguments.
 */
class KubernetesManifestTest {

  private final DeploymentDoc doc = DeploymentDoc.load();

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> manifests() {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : yaml.loadAll(doc.text("k8s.yaml"))) {
      documents.add((Map<String, Object>) document);
    }
    return documents;
  }

  private Map<String, Object> manifest(String kind, String name) {
    return manifests().stream().filter(m -> kind.equals(m.get("kind"))
            && name.equals(at(m, "metadata", "name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s.yaml"));
  }

  /** The value at a path of map keys. */
  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      assertThat(current).as("%s in %s", key, String.join(".", path)).isInstanceOf(Map.class);
      current = ((Map<String, Object>) current).get(key);
    }
    return (T) current;
  }

  private KubernetesConfig kubernetesJoin() {
    Config config = DeploymentDocTest.hazelcast(doc, "cluster-k8s.xml");
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    return join.getKubernetesConfig();
  }

  @Test
  void hazelcastJoinsThroughTheHeadlessServicesDnsName() {
    KubernetesConfig kubernetes = kubernetesJoin();
    Map<String, Object> service = manifest("Service", "switchboard-hz");
    assertThat(kubernetes.getProperty("service-dns")).isEqualTo(
        at(service, "metadata", "name") + "." + at(service, "metadata", "namespace")
            + ".svc.cluster.local");
    List<Map<String, Object>> ports = at(service, "spec", "ports");
    assertThat(ports).extracting(p -> p.get("port"))
        .containsExactly(Integer.parseInt(kubernetes.getProperty("service-port")));
    assertThat(DeploymentDocTest.hazelcast(doc, "cluster-k8s.xml").getNetworkConfig().getPort())
        .isEqualTo(ports.get(0).get("port"));
  }

  @Test
  void theServiceIsHeadlessAndFindsMembersBeforeTheyAreReady() {
    Map<String, Object> service = manifest("Service", "switchboard-hz");
    assertThat((Object) at(service, "spec", "clusterIP")).isEqualTo("None");
    assertThat((Object) at(service, "spec", "publishNotReadyAddresses")).isEqualTo(true);
    Map<String, Object> set = manifest("StatefulSet", "switchboard-gateway");
    assertThat((Object) at(set, "spec", "serviceName")).isEqualTo("switchboard-hz");
    Map<String, Object> podLabels = at(set, "spec", "template", "metadata", "labels");
    // both Services and the StatefulSet's own selector select the pods
    assertThat(podLabels).containsAllEntriesOf(at(service, "spec", "selector"));
    assertThat(podLabels).containsAllEntriesOf(
        at(manifest("Service", "switchboard-gateway"), "spec", "selector"));
    assertThat(podLabels).containsAllEntriesOf(at(set, "spec", "selector", "matchLabels"));
  }

  @Test
  void theContainerOpensTheHazelcastEventBusAndGatewayPortsItUses() {
    Map<String, Object> set = manifest("StatefulSet", "switchboard-gateway");
    List<Map<String, Object>> containers = at(set, "spec", "template", "spec", "containers");
    assertThat(containers).hasSize(1);
    Map<String, Object> container = containers.get(0);
    Map<Object, Object> ports = ((List<Map<String, Object>>) at(container, "ports")).stream()
        .collect(Collectors.toMap(p -> p.get("name"), p -> p.get("containerPort")));
    List<String> args = at(container, "args");
    assertThat(args.get(args.indexOf("-cluster-port") + 1))
        .isEqualTo(String.valueOf(ports.get("eventbus")));
    assertThat(args.get(args.indexOf("-cluster-host") + 1)).isEqualTo("$(POD_IP)");
    assertThat(args).contains("-cluster", "dev.switchboard.gateway.GatewayVerticle");
    assertThat(ports.get("hazelcast")).isEqualTo(Integer.parseInt(
        kubernetesJoin().getProperty("service-port")));
    int gatewayPort = new dev.switchboard.gateway.GatewayOptions(doc.json("gateway-k8s.json"))
        .getPort();
    assertThat(ports.get("websocket")).isEqualTo(gatewayPort);
    List<Map<String, Object>> servicePorts = at(manifest("Service", "switchboard-gateway"),
        "spec", "ports");
    assertThat(servicePorts).extracting(p -> p.get("port")).containsExactly(gatewayPort);
    List<Map<String, Object>> env = at(container, "env");
    assertThat(env).extracting(e -> e.get("name")).contains("POD_IP", "SWITCHBOARD_CLUSTER_NAME");
    String javaOpts = env.stream().filter(e -> "JAVA_OPTS".equals(e.get("name")))
        .map(e -> (String) e.get("value")).findFirst().orElseThrow();
    List<Map<String, Object>> mounts = at(container, "volumeMounts");
    assertThat(javaOpts).contains("-Dvertx.hazelcast.config=" + mounts.get(0).get("mountPath")
        + "/cluster.xml");
  }
}
