package dev.switchboard.examples;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's files of docs/ that the tests check: the scrape example, the alert rules and
 * their unit tests, the Grafana dashboard, docs/operations.md that shows them.
 */
final class OperationsDocs {

  /** The metric names a PromQL expression or a rules file reads (Switchboard's, the JVM's, up). */
  private static final Pattern METRIC = Pattern.compile(
      "\\b(switchboard_[a-z0-9_]+|jvm_[a-z0-9_]+|process_[a-z0-9_]+|up)\\b(?=\\s*[{\\[)])");

  /** Grafana's variables in the dashboard's expressions, and what a test puts in their place. */
  private static final String[][] VARIABLES = {
      {"$__rate_interval", "1m"}, {"$instance", ".*"},
  };

  private OperationsDocs() {
  }

  /**
   * @param name a file of docs/
   * @return its path in this checkout (tests run in the module's directory)
   */
  static Path doc(String name) {
    return Path.of(System.getProperty("user.dir")).getParent().resolve("docs").resolve(name);
  }

  /**
   * @return docs/grafana-dashboard.json
   */
  static JsonObject dashboard() throws IOException {
    return new JsonObject(Files.readString(doc("grafana-dashboard.json")));
  }

  /**
   * @return every panel target's expression of the dashboard, as written
   */
  static List<String> dashboardExpressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    for (Object panel : dashboard().getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) panel).getJsonArray("targets", new JsonArray());
      for (Object target : targets) {
        expressions.add(((JsonObject) target).getString("expr"));
      }
    }
    return expressions;
  }

  /**
   * @param expression a dashboard expression
   * @return it with Grafana's variables replaced by values Prometheus accepts
   */
  static String withoutVariables(String expression) {
    String promql = expression;
    for (String[] variable : VARIABLES) {
      promql = promql.replace(variable[0], variable[1]);
    }
    return promql;
  }

  /**
   * @param text PromQL, or a file of it
   * @return the metric names it reads
   */
  static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * @return the metric names the dashboard and the alert rules read
   */
  static Set<String> metricNamesOfDashboardAndRules() throws IOException {
    Set<String> names = metricNames(Files.readString(doc("prometheus-rules.yml")));
    dashboardExpressions().forEach(expression -> names.addAll(metricNames(expression)));
    return names;
  }
}
