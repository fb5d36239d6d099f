package dev.switchboard.examples.deploy;

import dev.switchboard.gateway.GatewayOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The systemd unit of {@code docs/deployment.md}. Read as an INI file, it must have: {@code
 * ExecStart} running {@code bin/vertx run} with {@code -cluster}, {@code -cluster-host}, {@code
 * -cluster-port}, {@code -conf}; {@code Restart=on-failure}; the environment file holding the
 * cluster name; {@code LimitNOFILE} at least the gateway's connections over 0.9 (the gateway keeps
 * a tenth of the descriptors free); {@code WantedBy}. Then {@code systemd-analyze verify} checks
 * it as systemd would, with its paths pointed to a directory holding the guide's environment
 * files and the project's {@code bin/vertx}: a warning fails the test.
 */
class SystemdUnitTest {

  private static final Logger LOG = LoggerFactory.getLogger(SystemdUnitTest.class);

  private final DeploymentDoc doc = DeploymentDoc.load();

  /** The unit's sections, each key with its values in order. */
  static Map<String, Map<String, List<String>>> ini(String text) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> section = null;
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
        continue;
      }
      if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
        section = sections.computeIfAbsent(trimmed.substring(1, trimmed.length() - 1),
            k -> new LinkedHashMap<>());
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (section == null || equals <= 0) {
        throw new IllegalStateException("not a unit file line: " + line);
      }
      section.computeIfAbsent(trimmed.substring(0, equals), k -> new ArrayList<>())
          .add(trimmed.substring(equals + 1));
    }
    return sections;
  }

  @Test
  void theUnitHasTheKeysAServiceNodeNeeds() {
    Map<String, Map<String, List<String>>> unit = ini(doc.text("switchboard@.service"));
    assertThat(unit).containsKeys("Unit", "Service", "Install");
    Map<String, List<String>> service = unit.get("Service");
    assertThat(service.get("Restart")).containsExactly("on-failure");
    assertThat(service.get("ExecStart")).hasSize(1);
    List<String> exec = List.of(service.get("ExecStart").get(0).split(" "));
    assertThat(exec.get(0)).endsWith("/bin/vertx");
    assertThat(exec.get(1)).isEqualTo("run");
    assertThat(exec).contains("-cluster", "-cluster-host", "-cluster-port", "-conf", "-options");
    // the shared file (the cluster name) and the role's file (the verticle, its ports)
    assertThat(service.get("EnvironmentFile")).containsExactly(
        "/etc/switchboard/switchboard.env", "/etc/switchboard/%i.env");
    assertThat(doc.environment("switchboard.env")).containsKey("SWITCHBOARD_CLUSTER_NAME");
    for (String variable : List.of("${VERTICLE}", "${HOST_ADDRESS}", "${EVENT_BUS_PORT}",
        "${INSTANCES}")) {
      assertThat(exec).as("ExecStart uses %s", variable).anyMatch(w -> w.contains(variable));
    }
    GatewayOptions gateway = new GatewayOptions(doc.json("gateway.json"));
    int instances = Integer.parseInt(doc.environment("gateway.env").get("INSTANCES"));
    long connections = (long) gateway.getMaxConnections() * instances;
    assertThat(Long.parseLong(service.get("LimitNOFILE").get(0)))
        .isGreaterThanOrEqualTo((long) Math.ceil(connections / 0.9));
    assertThat(service.get("SuccessExitStatus")).containsExactly("143");
    assertThat(unit.get("Install").get("WantedBy")).containsExactly("multi-user.target");
  }

  @Test
  void systemdAnalyzeVerifiesTheUnitWithoutAWarning(@TempDir Path dir) throws Exception {
    File analyze = new File("/usr/bin/systemd-analyze");
    assumeTrue(analyze.canExecute(), "no /usr/bin/systemd-analyze here: the unit is checked as"
        + " an INI file only (theUnitHasTheKeysAServiceNodeNeeds)");
    Path etc = Files.createDirectories(dir.resolve("etc"));
    for (String role : DeploymentDocTest.ROLES) {
      Files.writeString(etc.resolve(role + ".env"), doc.text(role + ".env"));
    }
    Files.writeString(etc.resolve("switchboard.env"), doc.text("switchboard.env"));
    String unit = doc.text("switchboard@.service")
        .replace("/opt/switchboard/", DeploymentDoc.projectRoot() + "/")
        .replace("/etc/switchboard/", etc + "/");
    Path file = dir.resolve("switchboard@gateway.service");
    Files.writeString(file, unit);
    Process process = new ProcessBuilder(analyze.getPath(), "verify", file.toString())
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes());
    LOG.info("systemd-analyze verify: exit {}, output: {}", process.exitValue(), output);
    assertThat(output.lines().filter(line -> line.contains("switchboard@")))
        .as("systemd-analyze's remarks on the unit").isEmpty();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
