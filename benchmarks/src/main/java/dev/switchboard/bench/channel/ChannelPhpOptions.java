package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Args;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link ChannelPhpBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it. Of the shared
 * {@link dev.switchboard.bench.common.RunOptions}, {@code --no-redis}, {@code --no-profile} and
 * {@code --redis-server} have no effect here (no Redis peer, no profile).
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "ChannelPhpBench", synopsisHeading = "usage: ",
    customSynopsis = "ChannelPhpBench --php-scripts DIR [options]")
final class ChannelPhpOptions {

  /** The data forms the PHP publisher can send. */
  static final List<String> SHAPES = List.of("string", "array");

  private List<Integer> subscriberCounts = List.of(1, 10);
  private String php = "php";
  private Path phpScripts = Path.of("benchmarks", "php");
  private String phpData = "string";
  private double rate;

  @Mixin
  private final ChannelCellOptions cell = new ChannelCellOptions();

  @Option(names = "--subscribers", paramLabel = "LIST",
      description = "subscriber counts N, each a PHP process or a Java client (default 1,10)")
  private void subscribers(String s) {
    subscriberCounts = Args.list(s, n -> Args.integer("--subscribers", n, 1, 100));
  }

  @Option(names = "--rate", paramLabel = "R",
      description = "publishes a second, both protocols: the same offered load for comparing "
          + "latencies (default 0: as fast as the window allows)")
  private void rate(String s) {
    rate = Args.integer("--rate", s, 0, 10_000_000);
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

  /** @return rounds, warm-up, window, event loops, federated rows and the shared options */
  ChannelCellOptions cell() {
    return cell;
  }

  /** @return the Ns, each a cell */
  List<Integer> subscriberCounts() {
    return subscriberCounts;
  }

  /** @return the php-cli executable */
  String php() {
    return php;
  }

  /** @return the directory of the PHP scripts */
  Path phpScripts() {
    return phpScripts;
  }

  /** @return publishes a second, 0 for as fast as the window allows */
  double rate() {
    return rate;
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
            + "subscribers %s, window %d unacknowledged publishes, %s, payload %d bytes, PHP data "
            + "as a %s, Java load generator event loops %d", Args.seconds(cell.run().warmup()),
        Args.seconds(cell.run().duration()), Args.seconds(cell.prewarm()), cell.rounds(),
        subscriberCounts, cell.window(), rate > 0 ? String.format(Locale.ROOT,
            "at most %.0f publishes/s", rate) : "as fast as the window allows", Payload.SIZE,
        phpData, cell.eventLoops());
  }
}
