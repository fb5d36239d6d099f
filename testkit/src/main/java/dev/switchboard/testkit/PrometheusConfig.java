package dev.switchboard.testkit;

import io.vertx.core.json.Json;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code prometheus.yml} of a {@link PrometheusServer}.
 *
 * <p>Stateless; safe from any thread.
 */
final class PrometheusConfig {

  private PrometheusConfig() {
  }

  /**
   * @param targets        {@code host:port} of each target
   * @param metricsPath    the path scraped on each
   * @param scrapeInterval the period of scrapes, of their timeout and of rule evaluation
   * @param ruleFiles      rule files to evaluate
   * @return the configuration: one job, {@code switchboard}, with the static targets
   */
  static String render(List<String> targets, String metricsPath, Duration scrapeInterval,
                       List<Path> ruleFiles) {
    String interval = scrapeInterval.toMillis() + "ms";
    StringBuilder yaml = new StringBuilder()
        .append("global:\n")
        .append("  scrape_interval: ").append(interval).append('\n')
        .append("  scrape_timeout: ").append(interval).append('\n')
        .append("  evaluation_interval: ").append(interval).append('\n');
    if (!ruleFiles.isEmpty()) {
      yaml.append("rule_files:\n");
      ruleFiles.forEach(file -> yaml.append("  - ").append(quoted(file.toAbsolutePath()
          .toString())).append('\n'));
    }
    yaml.append("scrape_configs:\n")
        .append("  - job_name: switchboard\n")
        .append("    metrics_path: ").append(quoted(metricsPath)).append('\n')
        .append("    static_configs:\n")
        .append("      - targets: [")
        .append(targets.stream().map(PrometheusConfig::quoted).collect(Collectors.joining(", ")))
        .append("]\n");
    return yaml.toString();
  }

  /** A YAML double-quoted string (JSON's escaping is valid YAML). */
  private static String quoted(String text) {
    return Json.encode(text);
  }
}
