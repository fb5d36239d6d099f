package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link ChannelPhpBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it. Of the shared
 * {@link RunOptions}, {@code --no-redis}, {@code --no-profile} and {@code --redis-server} have no
 * effect here (no Redis peer, no profile).
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "ChannelPhpBench", synopsisHeading = "usage: ",
    customSynopsis = "ChannelPhpBench --php-scripts DIR [options]")
final class ChannelPhpOptions {

  /** The data forms the PHP publisher can send. */
  static final List<String> SHAPES = List.of("string", "array");

  private Duration prewarm = Duration.ofSeconds(3);
  private int rounds = 3;
  private List<Integer> subscriberCounts = List.of(1, 10);
  private int window = 128;
  private int eventLoops = 2;
  private boolean federated = true;
  private String php = "php";
  private Path phpScripts = Path.of("benchmarks", "php");
  private String phpData = "string";

  @Mixin
  private final RunOptions run = new RunOptions();

  @Option(names = "--prewarm", paramLabel = "S",
      description = "unmeasured JIT warm-up of each protocol on each new system, seconds "
          + "(default 3)")
  private void prewarm(String s) {
    prewarm = Args.seconds("--prewarm", s, 0);
  }

  @Option(names = "--rounds", paramLabel = "N",
      description = "rounds of every cell, medians quoted (default 3)")
  private void rounds(String s) {
    rounds = Args.integer("--rounds", s, 1, 20);
  }

  @Option(names = "--quick",
      description = "--warmup 0.5 --duration 1 --prewarm 1 --rounds 1 (a check)")
  private void quick(boolean quick) {
    run.quick(Duration.ofMillis(500), Duration.ofSeconds(1));
    prewarm = Duration.ofSeconds(1);
    rounds = 1;
  }

  @Option(names = "--subscribers", paramLabel = "LIST",
      description = "subscriber counts N, each a PHP process or a Java client (default 1,10)")
  private void subscribers(String s) {
    subscriberCounts = Args.list(s, n -> Args.integer("--subscribers", n, 1, 100));
  }

  @Option(names = "--window", paramLabel = "N",
      description = "publishes unacknowledged at once, both protocols (default 128)")
  private void window(String s) {
    window = Args.integer("--window", s, 1, 100_000);
  }

  @Option(names = "--event-loops", paramLabel = "N",
      description = "event loops of the Java load generator (default 2)")
  private void eventLoops(String s) {
    eventLoops = Args.integer("--event-loops", s, 1, 64);
  }

  @Option(names = "--no-federated", description = "skip the 2-federated-server rows")
  private void noFederated(boolean flag) {
    federated = false;
  }

  @Option(names = "--php", paramLabel = "PATH", description = "php-cli executable (default php)")
  private void php(String path) {
    php = path;
  }

  @Option(names = "--php-scripts", paramLabel = "DIR",
      description = "directory of channel_publisher.php and channel_subscriber.php "
          + "(default benchmarks/php)")
  private void phpScripts(String dir) {
    phpScripts = Path.of(dir).toAbsolutePath();
  }

  @Option(names = "--php-data", paramLabel = "FORM",
      description = "data the PHP publisher sends: string (the Java payload's layout) or array "
          + "(a PHP array of the same fields) (default string)")
  private void phpData(String form) {
    if (!SHAPES.contains(form)) {
      throw new IllegalArgumentException("--php-data takes string or array: " + form);
    }
    phpData = form;
  }

  /** @return the options shared with the other benchmarks */
  RunOptions run() {
    return run;
  }

  /** @return unmeasured run of each protocol on each new system before its first cell */
  Duration prewarm() {
    return prewarm;
  }

  /** @return how many times each cell runs (medians are quoted) */
  int rounds() {
    return rounds;
  }

  /** @return the Ns, each a cell */
  List<Integer> subscriberCounts() {
    return subscriberCounts;
  }

  /** @return the most publishes unacknowledged at once */
  int window() {
    return window;
  }

  /** @return event loops of the Java load generator's Vert.x instance */
  int eventLoops() {
    return eventLoops;
  }

  /** @return whether to run the 2-federated-server rows */
  boolean federated() {
    return federated;
  }

  /** @return the php-cli executable */
  String php() {
    return php;
  }

  /** @return the directory of the PHP scripts */
  Path phpScripts() {
    return phpScripts;
  }

  /** @return {@code string} or {@code array} */
  String phpData() {
    return phpData;
  }

  /**
   * @return the options as a summary for the report
   */
  String describe() {
    return String.format(Locale.ROOT, "warm-up %s s, measured %s s, prewarm %s s, %d round(s), "
            + "subscribers %s, window %d unacknowledged publishes, payload %d bytes, PHP data as "
            + "a %s, Java load generator event loops %d", Args.seconds(run.warmup()),
        Args.seconds(run.duration()), Args.seconds(prewarm), rounds, subscriberCounts, window,
        Payload.SIZE, phpData, eventLoops);
  }
}
