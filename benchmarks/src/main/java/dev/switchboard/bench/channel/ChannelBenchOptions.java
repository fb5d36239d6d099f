package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Args;
import dev.switchboard.bench.common.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Command-line options of {@link ChannelBench} (picocli, see
 * {@link dev.switchboard.bench.common.CommandLines}): each setter checks its value, in
 * command-line order, so options after {@code --quick} override it.
 *
 * <p>Not thread-safe: filled by the main thread, then only read.
 */
@Command(name = "ChannelBench", synopsisHeading = "usage: ",
    customSynopsis = "ChannelBench [options]")
final class ChannelBenchOptions {

  private List<Integer> subscriberCounts = List.of(1, 10, 50);
  private int profileSubscribers = 10;
  private double rate;

  @Mixin
  private final ChannelCellOptions cell = new ChannelCellOptions();

  @Option(names = "--subscribers", paramLabel = "LIST",
      description = "subscriber counts N (default 1,10,50)")
  private void subscribers(String s) {
    subscriberCounts = Args.list(s, n -> Args.integer("--subscribers", n, 1, 500));
  }

  @Option(names = "--profile-subscribers", paramLabel = "N",
      description = "N of the profiled cell (default 10)")
  private void profileSubscribers(String s) {
    profileSubscribers = Args.integer("--profile-subscribers", s, 1, 500);
  }

  @Option(names = "--rate", paramLabel = "R",
      description = "the paced scenario instead: R publishes/s from a publisher on its own "
          + "event loop, latency from each publish's intended time; ours on 1 server, Redis and "
          + "ours on 2 federated servers in turn (default 0: the saturated scenario)")
  private void rate(String s) {
    rate = Args.integer("--rate", s, 0, 1_000_000);
  }

  /** @return publishes a second of the paced scenario, 0 for the saturated one */
  double rate() {
    return rate;
  }

  /** @return the options shared with the other benchmarks */
  RunOptions run() {
    return cell.run();
  }

  /** @return unmeasured run on each new system before its first cell (JIT warm-up) */
  Duration prewarm() {
    return cell.prewarm();
  }

  /** @return how many times each cell runs (medians are quoted) */
  int rounds() {
    return cell.rounds();
  }

  /** @return the Ns, each a cell */
  List<Integer> subscriberCounts() {
    return subscriberCounts;
  }

  /** @return the most publishes unacknowledged at once */
  int window() {
    return cell.window();
  }

  /** @return event loops of the load generator's Vert.x instance */
  int eventLoops() {
    return cell.eventLoops();
  }

  /** @return whether to run the 2-federated-server rows */
  boolean federated() {
    return cell.federated();
  }

  /** @return N of the profiled cell */
  int profileSubscribers() {
    return profileSubscribers;
  }

  /**
   * @return the options as a summary for the report
   */
  String describe() {
    return String.format(Locale.ROOT, "warm-up %s s, measured %s s, prewarm %s s, %d round(s), "
            + "subscribers %s, window %d unacknowledged publishes, payload %d bytes, "
            + "load generator event loops %d", Args.seconds(run().warmup()),
        Args.seconds(run().duration()), Args.seconds(prewarm()), rounds(), subscriberCounts,
        window(), Payload.SIZE, eventLoops());
  }
}
