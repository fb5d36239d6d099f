package dev.switchboard.examples;

import dev.switchboard.gateway.GatewayOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What points into docs/operations.md finds what it points to: the shipped {@code cluster.xml}'s
 * "Kubernetes discovery, see docs/operations.md", and the log-level property the guide documents
 * is the one the shipped {@code logback.xml} reads; its gateway options with a metrics listener
 * are options a gateway takes.
 */
class OperationsDocTest {

  @Test
  void clusterXmlPointsToASectionThatExists() throws Exception {
    String clusterXml = Files.readString(Path.of("src/main/resources/cluster.xml"));
    Matcher pointer = Pattern.compile("use (\\w+ discovery), see docs/operations\\.md")
        .matcher(clusterXml);
    assertThat(pointer.find()).as("cluster.xml points to docs/operations.md").isTrue();
    assertThat(Files.readString(OperationsDocs.doc("operations.md")))
        .contains("\n## " + pointer.group(1).substring(0, 1).toUpperCase()
            + pointer.group(1).substring(1) + "\n");
  }

  @Test
  void theDocumentedLogLevelPropertyIsTheOneLogbackReads() throws Exception {
    String logback = Files.readString(Path.of("src/main/resources/logback.xml"));
    Matcher level = Pattern.compile("<root level=\"\\$\\{([\\w.]+):-INFO}\">").matcher(logback);
    assertThat(level.find()).as("logback.xml's root level is a property").isTrue();
    assertThat(Files.readString(OperationsDocs.doc("operations.md")))
        .contains("-D" + level.group(1) + "=DEBUG");
  }

  @Test
  void theGatewayOptionsWithAMetricsListenerAreValid() throws Exception {
    String guide = Files.readString(OperationsDocs.doc("operations.md"));
    Matcher block = Pattern.compile("```json\n(\\{\n  \"port\": 8282,\n  \"metrics\".*?)```",
        Pattern.DOTALL).matcher(guide);
    assertThat(block.find()).as("the gateway's options in the guide").isTrue();
    GatewayOptions options = new GatewayOptions(new JsonObject(block.group(1)));
    assertThat(options.getMetrics().getPort()).isEqualTo(9400);
    assertThat(options.getMetrics().getHost()).isEqualTo("10.0.0.1");
    assertThat(options.getMetrics().isPublicPort()).isFalse();
  }
}
