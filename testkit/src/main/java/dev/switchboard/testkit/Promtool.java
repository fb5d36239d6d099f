package dev.switchboard.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus's own checker, {@code promtool} (Debian's {@code prometheus} package), run on the
 * files an operator is given: a scrape configuration, alerting rules, and unit tests of those
 * rules. A test that needs it fails, never skips, when it is not installed.
 *
 * <p>Stateless; safe from any thread. Each call blocks for at most {@value Commands#TIMEOUT_SECONDS}
 * seconds.
 */
public final class Promtool {

  private Promtool() {
  }

  /**
   * Runs {@code promtool check config} (which also checks the rule files the configuration
   * names, relative to it).
   *
   * @param config a {@code prometheus.yml}
   * @return promtool's output
   * @throws AssertionError when promtool is missing or finds the configuration invalid; the message
   *     has promtool's output
   */
  public static String checkConfig(Path config) {
    return run("check", "config", config.toString());
  }

  /**
   * Runs {@code promtool check rules}.
   *
   * @param rules a rules file
   * @return promtool's output
   * @throws AssertionError when promtool is missing or finds the rules invalid
   */
  public static String checkRules(Path rules) {
    return run("check", "rules", rules.toString());
  }

  /**
   * Runs {@code promtool test rules}: the unit tests of alerting and recording rules (input series
   * and the alerts expected at given times).
   *
   * @param tests a rule-test file (it names its rule files, relative to itself)
   * @return promtool's output
   * @throws AssertionError when promtool is missing or a test fails
   */
  public static String testRules(Path tests) {
    return run("test", "rules", tests.toString());
  }

  /**
   * @param args promtool's arguments
   * @return its output when it exits with 0
   * @throws AssertionError otherwise, with its output
   */
  public static String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Programs.require("promtool", "PROMTOOL", "prometheus"));
    command.addAll(List.of(args));
    Commands.Outcome outcome = Commands.outcome(command);
    if (outcome.exit() != 0) {
      throw new AssertionError(String.join(" ", command) + ": exit " + outcome.exit() + "\n"
          + outcome.output());
    }
    return outcome.output();
  }
}
