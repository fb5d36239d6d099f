package dev.switchboard.bench.checks;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Command-line options of {@link ChecksMain} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "ChecksMain", synopsisHeading = "usage: ", customSynopsis = "ChecksMain [options]")
final class ChecksOptions {

  private Path resultsDir = Path.of("benchmarks", "results");
  private int forks = 3;
  private int warmups = 5;
  private int iterations = 10;
  private int seconds = 1;
  private String include;

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
  private boolean help;

  @Option(names = "--results", paramLabel = "DIR",
      description = "where the report and JMH's raw results go (default benchmarks/results)")
  private void results(String dir) {
    resultsDir = Path.of(dir);
  }

  @Option(names = "--forks", paramLabel = "N", description = "JMH forks (default 3)")
  private void forks(String s) {
    forks = Args.integer("--forks", s, 0, 100);
  }

  @Option(names = "--warmups", paramLabel = "N",
      description = "warm-up iterations per fork (default 5)")
  private void warmups(String s) {
    warmups = Args.integer("--warmups", s, 0, 1_000);
  }

  @Option(names = "--iterations", paramLabel = "N",
      description = "measured iterations per fork (default 10)")
  private void iterations(String s) {
    iterations = Args.integer("--iterations", s, 1, 1_000);
  }

  @Option(names = "--seconds", paramLabel = "S",
      description = "length of each iteration, seconds (default 1)")
  private void seconds(String s) {
    seconds = Args.integer("--seconds", s, 1, 3_600);
  }

  @Option(names = "--include", paramLabel = "REGEX",
      description = "the benchmarks to run (default all of dev.switchboard.bench.checks)")
  private void include(String regex) {
    include = regex;
  }

  @Option(names = "--quick",
      description = "--forks 1 --warmups 2 --iterations 3 (checks that everything works)")
  private void quick(boolean quick) {
    forks = 1;
    warmups = 2;
    iterations = 3;
  }

  /** @return where the report and JMH's raw results go */
  Path resultsDir() {
    return resultsDir;
  }

  /** @return JMH forks */
  int forks() {
    return forks;
  }

  /** @return warm-up iterations per fork */
  int warmups() {
    return warmups;
  }

  /** @return measured iterations per fork */
  int iterations() {
    return iterations;
  }

  /** @return length of each warm-up and measured iteration, in seconds */
  int seconds() {
    return seconds;
  }

  /** @return the regular expression of the benchmarks to run, or null for all of the package */
  String include() {
    return include;
  }
}
