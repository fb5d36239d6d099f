package dev.switchboard.bench.soak;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line options of {@link SoakBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "SoakBench", synopsisHeading = "usage: ", customSynopsis = "SoakBench [options]")
final class SoakOptions {

  /** The gateway's send buffer bound per connection on the soak's nodes: 256 KiB. */
  static final int DEFAULT_MAX_SEND_BUFFER = 256 * 1024;

  private Duration duration = Duration.ofMinutes(30);
  private Duration restartEvery = Duration.ofMinutes(5);
  private Duration sampleEvery = Duration.ofSeconds(30);
  private Duration warmup = Duration.ofSeconds(90);
  private Duration settle = Duration.ofSeconds(20);
  private int groupClients = 20;
  private int groups = 6;
  private int channelClients = 1;
  private int counterCallers = 4;
  private int maxSendBuffer = DEFAULT_MAX_SEND_BUFFER;
  private boolean quick;
  private Path resultsDir = Path.of("benchmarks", "results");

  @Option(names = {"--help", "-h"}, usageHelp = true, description = "this list")
  private boolean help;

  @Option(names = "--quick", description = "a 2-minute run with a restart every 40 s and a "
      + "sample every 10 s: checks that everything works, not figures")
  private void quick(boolean flag) {
    quick = true;
    duration = Duration.ofMinutes(2);
    restartEvery = Duration.ofSeconds(40);
    sampleEvery = Duration.ofSeconds(10);
    warmup = Duration.ofSeconds(20);
    settle = Duration.ofSeconds(10);
  }

  @Option(names = "--duration", paramLabel = "S",
      description = "how long the load runs, seconds (default 1800)")
  private void duration(String s) {
    duration = Duration.ofSeconds(Args.integer("--duration", s, 10, 7 * 24 * 3600));
  }

  @Option(names = "--restart-every", paramLabel = "S",
      description = "a node is stopped and started again every S seconds, by turns (default "
          + "300; 0: never)")
  private void restartEvery(String s) {
    restartEvery = Duration.ofSeconds(Args.integer("--restart-every", s, 0, 24 * 3600));
  }

  @Option(names = "--sample-every", paramLabel = "S",
      description = "each node's heap after a forced full collection, descriptors and threads "
          + "are sampled every S seconds (default 30)")
  private void sampleEvery(String s) {
    sampleEvery = Duration.ofSeconds(Args.integer("--sample-every", s, 2, 3600));
  }

  @Option(names = "--warmup", paramLabel = "S",
      description = "samples of a node's first S seconds are left out of its plateau check "
          + "(default 90)")
  private void warmup(String s) {
    warmup = Duration.ofSeconds(Args.integer("--warmup", s, 0, 3600));
  }

  @Option(names = "--settle", paramLabel = "S",
      description = "a restart's window lasts from the stop until S seconds after the node is "
          + "ready again: losses in it are counted apart (default 20)")
  private void settle(String s) {
    settle = Duration.ofSeconds(Args.integer("--settle", s, 0, 600));
  }

  @Option(names = "--group-clients", paramLabel = "N",
      description = "WebSocket clients per node joining and leaving groups (default 20)")
  private void groupClients(String s) {
    groupClients = Args.integer("--group-clients", s, 1, 10_000);
  }

  @Option(names = "--groups", paramLabel = "N", description = "groups they pick from (default 6)")
  private void groups(String s) {
    groups = Args.integer("--groups", s, 1, 1_000);
  }

  @Option(names = "--channel-clients", paramLabel = "N",
      description = "channel publishers and as many subscribers per node (default 1)")
  private void channelClients(String s) {
    channelClients = Args.integer("--channel-clients", s, 1, 100);
  }

  @Option(names = "--counter-callers", paramLabel = "N",
      description = "GlobalData callers incrementing one key (default 4)")
  private void counterCallers(String s) {
    counterCallers = Args.integer("--counter-callers", s, 1, 100);
  }

  @Option(names = "--max-send-buffer", paramLabel = "BYTES",
      description = "the gateway's send buffer bound per connection (default 262144)")
  private void maxSendBuffer(String s) {
    maxSendBuffer = Args.integer("--max-send-buffer", s, 1024, 64 * 1024 * 1024);
  }

  @Option(names = "--results", paramLabel = "DIR",
      description = "where the report and raw samples go (default benchmarks/results)")
  private void results(String dir) {
    resultsDir = Path.of(dir);
  }

  /** @return how long the load runs */
  Duration duration() {
    return duration;
  }

  /** @return the time between two restarts; zero for none */
  Duration restartEvery() {
    return restartEvery;
  }

  /** @return the time between two samples of the nodes */
  Duration sampleEvery() {
    return sampleEvery;
  }

  /** @return what each node incarnation's plateau check leaves out at its start */
  Duration warmup() {
    return warmup;
  }

  /** @return how long a restart's window lasts past the node's ready line */
  Duration settle() {
    return settle;
  }

  /** @return group clients per node */
  int groupClients() {
    return groupClients;
  }

  /** @return groups */
  int groups() {
    return groups;
  }

  /** @return channel publishers (and subscribers) per node */
  int channelClients() {
    return channelClients;
  }

  /** @return GlobalData callers */
  int counterCallers() {
    return counterCallers;
  }

  /** @return the gateway's send buffer bound */
  int maxSendBuffer() {
    return maxSendBuffer;
  }

  /** @return whether --quick was given */
  boolean quick() {
    return quick;
  }

  /** @return where results go */
  Path resultsDir() {
    return resultsDir;
  }
}
