package dev.switchboard.bench.common;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The options the GlobalData and channel benchmarks share (a picocli mixin of their options:
 * the options stay on one command line, in its order): the cell's warm-up and measured window,
 * the Redis peer, the profile, where results go, and {@code --help}.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
public final class RunOptions {

  private Duration warmup = Duration.ofSeconds(2);
  private Duration duration = Duration.ofSeconds(5);
  private boolean redis = true;
  private boolean profile = true;
  private Path resultsDir = Path.of("benchmarks", "results");
  private String redisServer = "redis-server";

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
  private boolean help;

  @Option(names = "--warmup", paramLabel = "S",
      description = "warm-up of each cell, seconds (default 2)")
  private void warmup(String s) {
    warmup = Args.seconds("--warmup", s, 0);
  }

  @Option(names = "--duration", paramLabel = "S",
      description = "measured window of each cell, seconds (default 5)")
  private void duration(String s) {
    duration = Args.seconds("--duration", s, 0.1);
  }

  @Option(names = "--no-redis", description = "skip the Redis peer")
  private void noRedis(boolean flag) {
    redis = false;
  }

  @Option(names = "--no-profile", description = "skip the flight-recorder profile")
  private void noProfile(boolean flag) {
    profile = false;
  }

  @Option(names = "--results", paramLabel = "DIR",
      description = "where the report, raw results and recordings go (default benchmarks/results)")
  private void results(String dir) {
    resultsDir = Path.of(dir);
  }

  @Option(names = "--redis-server", paramLabel = "PATH",
      description = "redis-server executable (default redis-server)")
  private void redisServer(String path) {
    redisServer = path;
  }

  /**
   * What {@code --quick} sets of these options.
   *
   * @param quickWarmup   the warm-up of each cell
   * @param quickDuration the measured window of each cell
   */
  public void quick(Duration quickWarmup, Duration quickDuration) {
    warmup = quickWarmup;
    duration = quickDuration;
  }

  /** @return warm-up of each cell */
  public Duration warmup() {
    return warmup;
  }

  /** @return measured window of each cell */
  public Duration duration() {
    return duration;
  }

  /** @return whether to run the Redis peer */
  public boolean redis() {
    return redis;
  }

  /** @return whether to run the flight-recorder profile */
  public boolean profile() {
    return profile;
  }

  /** @return where the report, raw results and recordings go */
  public Path resultsDir() {
    return resultsDir;
  }

  /** @return the redis-server executable */
  public String redisServer() {
    return redisServer;
  }
}
