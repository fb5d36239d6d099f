package dev.switchboard.examples;

import dev.switchboard.testkit.PrometheusServer;
import dev.switchboard.testkit.Promtool;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's Prometheus files of docs/, checked by the real programs so that they cannot rot:
 * the scrape example (promtool check config, and shown as is in docs/operations.md), the alert
 * rules (promtool check rules, and their unit tests with promtool test rules), and the Grafana
 * dashboard (import-ready shape; every expression accepted by a real Prometheus's query API).
 * That the metrics they name are served is {@link PrometheusScrapeIT}'s check.
 */
class PrometheusDocsIT {

  @Test
  void theScrapeExampleIsValidAndIsTheOneTheGuideShows(@TempDir Path dir) throws Exception {
    Path config = Files.copy(OperationsDocs.doc("prometheus.yml"), dir.resolve("prometheus.yml"));
    Files.copy(OperationsDocs.doc("prometheus-rules.yml"), dir.resolve("prometheus-rules.yml"));

    assertThat(Promtool.checkConfig(config)).contains("SUCCESS")
        .contains("prometheus-rules.yml");
    assertThat(Files.readString(OperationsDocs.doc("operations.md")))
        .contains(Files.readString(config));
  }

  @Test
  void theAlertRulesAreValidAndTheirUnitTestsPass() {
    assertThat(Promtool.checkRules(OperationsDocs.doc("prometheus-rules.yml")))
        .contains("SUCCESS: 11 rules found");
    assertThat(Promtool.testRules(OperationsDocs.doc("prometheus-rules-test.yml")))
        .contains("SUCCESS");
  }

  @Test
  void aBrokenRuleOrAWrongExpectationFailsTheCheck(@TempDir Path dir) throws Exception {
    String rules = Files.readString(OperationsDocs.doc("prometheus-rules.yml"));
    Path broken = Files.writeString(dir.resolve("prometheus-rules.yml"),
        rules.replace("expr: up{job=\"switchboard\"} == 0", "expr: up{job=\"switchboard\" == 0"));
    assertThatThrownBy(() -> Promtool.checkRules(broken)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("SwitchboardTargetDown").hasMessageContaining("parse error");

    // the rules as shipped, but an alert that fires one minute later: the unit test says so
    Files.writeString(broken, rules.replace("for: 1m\n        labels:\n          severity: critical\n"
        + "        annotations:\n          summary: \"Prometheus cannot scrape",
        "for: 3m\n        labels:\n          severity: critical\n"
        + "        annotations:\n          summary: \"Prometheus cannot scrape"));
    Path tests = Files.copy(OperationsDocs.doc("prometheus-rules-test.yml"),
        dir.resolve("prometheus-rules-test.yml"));
    assertThatThrownBy(() -> Promtool.testRules(tests)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("alertname: SwitchboardTargetDown");
  }

  @Test
  void theDashboardIsImportReadyAndPrometheusAcceptsEachExpression() throws Exception {
    JsonObject dashboard = OperationsDocs.dashboard();
    assertThat(dashboard.getInteger("schemaVersion")).isGreaterThanOrEqualTo(36);
    assertThat(dashboard.getString("uid")).isNotBlank();
    assertThat(dashboard.getString("title")).isEqualTo("Switchboard");
    assertThat(dashboard.getJsonObject("templating").getJsonArray("list").stream()
        .map(variable -> ((JsonObject) variable).getString("name")))
        .containsExactly("datasource", "instance");
    assertThat(dashboard.getJsonArray("panels")).allSatisfy(each -> {
      JsonObject panel = (JsonObject) each;
      assertThat(panel.getString("title")).isNotBlank();
      assertThat(panel.getJsonObject("gridPos").fieldNames()).contains("h", "w", "x", "y");
      assertThat(panel.getJsonObject("datasource").getString("uid")).isEqualTo("${datasource}");
      assertThat(panel.getJsonArray("targets")).isNotEmpty();
    });
    List<String> expressions = OperationsDocs.dashboardExpressions();
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(14);

    try (PrometheusServer prometheus = PrometheusServer.start(List.of())) {
      for (String expression : expressions) {
        // a refused expression throws, with Prometheus's reason
        assertThat(prometheus.query(OperationsDocs.withoutVariables(expression)))
            .as(expression).isNotNull();
      }
      assertThatThrownBy(() -> prometheus.query(OperationsDocs.withoutVariables(
          "sum by (instance) (rate(switchboard_gateway_requests_total[$__rate_interval])")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parse error");
    }
  }
}
