package dev.switchboard.bench.checks;

import dev.switchboard.bench.common.CommandLines;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the micro-benchmarks of the checks added by issue 13 ({@link DecodeChecks}) with JMH (average time per operation, {@code -prof gc} for the bytes
 * allocated per operation) and prints a markdown table, old ({@code 48caaca}) against new, with
 * the sums per publish and per delivery that the end-to-end benchmarks' CPU per delivery is
 * compared with. Run by {@code benchmarks/checks.sh}.
 *
 * <p>Command line: {@link ChecksOptions} ({@code --help} lists it): {@code --results DIR} (where
 * {@code checks-<stamp>.md} and the raw JMH results {@code checks-<stamp>.json} go),
 * {@code --forks N} (default 3), {@code --warmups N} (default 5), {@code --iterations N} (default
 * 10), {@code --seconds S} per iteration (default 1), {@code --include REGEX} (the benchmarks to
 * run, default all of this package), {@code --quick} (1 fork, 2 warm-ups, 3 iterations).
 *
 * <p>Not thread-safe: run it from {@code main}.
 */
public final class ChecksMain {

  /** A row: a piece of the hot path, its old and new benchmark, how often it runs. */
  private record Piece(String name, String where, Per per, String oldBench, String newBench) {
  }

  /** How often a piece runs in the end-to-end benchmarks. */
  private enum Per {
    SERVER_PUBLISH("publish, server"),
    CLIENT_PUBLISH("publish, publisher"),
    CLIENT_DELIVERY("delivery, subscriber"),
    NONE("not on these paths");

    final String label;

    Per(String label) {
      this.label = label;
    }
  }

  private static final String DECODE = DecodeChecks.class.getName() + ".";

  private static final List<Piece> PIECES = List.of(
      new Piece("decode a publish request (`StrictJson` for `Json.decodeValue`)",
          "`ServerConnection.request`", Per.SERVER_PUBLISH,
          DECODE + "oldPublishRequest", DECODE + "newPublishRequest"),
      new Piece("decode an ack (`StrictJson` for `Json.decodeValue`)",
          "`ServerFrames.onFrame`", Per.CLIENT_PUBLISH,
          DECODE + "oldAck", DECODE + "newAck"),
      new Piece("decode an event, plain-string data (same code before and after)",
          "`Frames.decodeEvent`", Per.CLIENT_DELIVERY,
          DECODE + "newEvent", DECODE + "newEvent"),
      new Piece("JSON-object data, parser only (`StrictJson` for `Json.decodeValue`)",
          "`Frames.decodeEvent` fallback", Per.NONE,
          DECODE + "oldObjectData", DECODE + "newObjectData"));

  private ChecksMain() {
  }

  /**
   * @param args see the class comment
   * @throws Exception when JMH fails or the report cannot be written
   */
  public static void main(String[] args) throws Exception {
    ChecksOptions cli = new ChecksOptions();
    CommandLines.parseOrExit(cli, args);
    Path results = cli.resultsDir();
    int forks = cli.forks();
    int warmups = cli.warmups();
    int iterations = cli.iterations();
    int seconds = cli.seconds();
    String include = cli.include();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss",
        Locale.ROOT));
    Files.createDirectories(results);
    Path raw = results.resolve("checks-" + stamp + ".json");
    ChainedOptionsBuilder options = new OptionsBuilder();
    if (include != null) {
      options.include(include);
    } else {
      options.include(DecodeChecks.class.getName());
    }
    options
        .shouldFailOnError(true) // a benchmark that fails ends the run: no table without figures
        .forks(forks)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(seconds))
        .addProfiler(GCProfiler.class)
        .addProfiler(CpuTimeProfiler.class)
        .result(raw.toString())
        .resultFormat(ResultFormatType.JSON);
    String command = String.format(Locale.ROOT, "JMH -f %d -wi %d -i %d -w %ds -r %ds -bm avgt "
        + "-tu ns -prof gc -prof %s", forks, warmups, iterations, seconds, seconds,
        CpuTimeProfiler.class.getSimpleName());
    String markdown = report(run(options), command, raw.getFileName().toString(), include);
    Path file = results.resolve("checks-" + stamp + ".md");
    Files.writeString(file, markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.flush();
  }

  private static Map<String, RunResult> run(ChainedOptionsBuilder options)
      throws RunnerException {
    // JMH's progress goes to standard error: standard output carries the report only
    Collection<RunResult> runs = new Runner(options.build(),
        OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    Map<String, RunResult> byName = new HashMap<>();
    for (RunResult run : runs) {
      byName.put(run.getParams().getBenchmark(), run);
    }
    return byName;
  }

  private static String report(Map<String, RunResult> runs, String command, String raw,
      String include) {
    StringBuilder md = new StringBuilder("# Cost of the issue-13 checks on the hot paths\n\n")
        .append("Old: what `48caaca` ran; new: the code of now. ").append(command)
        .append(". CPU ns/op: the benchmark JVM's CPU time per operation (garbage collection ")
        .append("included, waiting for a core on a shared machine not); wall ns/op: JMH's ")
        .append("average time; ± is JMH's 99.9 % interval. Raw results: `").append(raw)
        .append("`.\n\n")
        .append("| piece | where | per | old CPU ns/op | new CPU ns/op | delta ns "
            + "| old / new wall ns/op | old B/op | new B/op |\n")
        .append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    Map<Per, Double> sums = new HashMap<>();
    for (Piece piece : PIECES) {
      RunResult old = runs.get(piece.oldBench());
      RunResult now = runs.get(piece.newBench());
      if (old == null || now == null) {
        if (include == null) {
          throw new IllegalStateException("no result for " + piece.name() + ": see the JMH log");
        }
        continue; // left out by --include
      }
      double delta = cpu(now).getScore() - cpu(old).getScore();
      sums.merge(piece.per(), delta, Double::sum);
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %+.1f | %.0f / %.0f "
              + "| %s | %s |%n", piece.name(), piece.where(), piece.per().label,
          withError(cpu(old)), withError(cpu(now)), delta,
          old.getPrimaryResult().getScore(), now.getPrimaryResult().getScore(),
          bytes(old), bytes(now)));
    }
    md.append("\nSum of the CPU deltas, ns: ");
    for (Per per : List.of(Per.SERVER_PUBLISH, Per.CLIENT_PUBLISH, Per.CLIENT_DELIVERY)) {
      md.append(String.format(Locale.ROOT, "per %s %+.1f; ", per.label,
          sums.getOrDefault(per, 0.0)));
    }
    md.setLength(md.length() - 2);
    return md.append(".\n").toString();
  }

  private static Result<?> cpu(RunResult run) {
    Result<?> result = run.getSecondaryResults().get(CpuTimeProfiler.METRIC);
    return result != null ? result : run.getPrimaryResult();
  }

  private static String withError(Result<?> result) {
    return String.format(Locale.ROOT, "%.1f ± %.1f", result.getScore(), result.getScoreError());
  }

  private static String bytes(RunResult run) {
    Result<?> result = run.getSecondaryResults().get("gc.alloc.rate.norm");
    return result == null ? "?" : String.format(Locale.ROOT, "%.0f", result.getScore());
  }
}
