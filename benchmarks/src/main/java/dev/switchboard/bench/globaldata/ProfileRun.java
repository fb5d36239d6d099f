package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.JfrSettings;
import dev.switchboard.bench.common.JfrSummary;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The member-mode cells again, on a fresh 2-member cluster, under Java Flight Recorder with the
 * {@code profile} settings in both JVMs: this one through the {@link Recording} API, the child
 * member with {@code -XX:StartFlightRecording}, written when it exits on SIGTERM. Each profiled
 * cell's measured window is then summarised with {@link JfrSummary}.
 *
 * <p>The recordings start before an unmeasured warm-up of both cells: starting a recording
 * invalidates compiled code, and the recompilation should not fall into a measured window.
 *
 * <p>One setting differs from {@code profile}: {@code jdk.ThreadCPULoad} every second instead
 * of every 10 s, so that a 5 s window gets CPU per thread (execution samples only see threads
 * running Java code).
 *
 * <p>Not thread-safe: run it from the main thread.
 */
final class ProfileRun {

  private static final Logger LOG = LoggerFactory.getLogger(ProfileRun.class);

  /** Rows per ranking in the summaries. */
  private static final int TOP = 12;

  /**
   * The profiled cells and the cluster they ran on.
   *
   * @param target who ran where, and which member owned the hot key
   * @param cells  the profiled cells
   */
  record Outcome(String target, List<Profiled> cells) {
  }

  /**
   * A profiled cell and its summary.
   *
   * @param cell    the cell's figures (under the recorder, so a little below the plain run's)
   * @param summary the markdown summary of both recordings over the cell's measured window
   */
  record Profiled(CellResult cell, String summary) {
  }

  private ProfileRun() {
  }

  /**
   * Runs {@code increment} on the hot key and on the key set at {@code callers} callers under
   * the flight recorder.
   *
   * @param cleanup  where the cluster is registered
   * @param options  the durations, key count and profiled concurrency
   * @param dir      where the recordings go
   * @param stamp    the run's time stamp, part of the file names
   * @return the profiled cells
   * @throws Exception when the cluster does not start or a recording cannot be read
   */
  static Outcome run(Cleanup cleanup, GlobalDataBenchOptions options, Path dir, String stamp)
      throws Exception {
    Path recordings = JfrSettings.recordingsDir(dir);
    Path childFile = recordings.resolve("globaldata-" + stamp + "-member2.jfr");
    Path localFile = recordings.resolve("globaldata-" + stamp + "-member1.jfr");
    Configuration profile = Configuration.getConfiguration("profile");
    String flag = JfrSettings.childFlag(profile, childFile,
        recordings.resolve("globaldata-" + stamp + ".jfc"));
    List<Workload> workloads = List.of(new Workload(Op.INCREMENT, 1),
        new Workload(Op.INCREMENT, options.keyCount()));
    List<CellResult> cells = new ArrayList<>();
    BenchTarget target = MemberTarget.start(cleanup, List.of(flag), Workload.HOT_KEY);
    String description = target.description();
    try {
      CellRunner runner = new CellRunner(target);
      try (Recording recording = JfrSettings.localRecording(profile, "globaldata-bench",
          localFile)) {
        // started before the warm-up: starting a recording invalidates compiled code, and the
        // recompilation should not fall into a measured window
        recording.start();
        for (Workload workload : workloads) {
          runner.run(workload, options.profileCallers(), Duration.ZERO, options.prewarm());
        }
        for (Workload workload : workloads) {
          LOG.info("Profiling member mode {} x {}", workload.describe(), options.profileCallers());
          CellResult cell = runner.run(workload, options.profileCallers(), options.run().warmup(),
              options.run().duration());
          GlobalDataBench.logCell(cell);
          cells.add(cell);
        }
        recording.stop();
      }
    } finally {
      target.close();
    }
    if (!Files.isRegularFile(childFile)) {
      LOG.warn("The child member wrote no recording at {}", childFile);
    }
    List<JfrSummary.Source> sources = new ArrayList<>();
    sources.add(new JfrSummary.Source("member 1: this JVM (member + "
        + options.profileCallers() + " callers)", localFile));
    if (Files.isRegularFile(childFile)) {
      sources.add(new JfrSummary.Source("member 2: child JVM", childFile));
    }
    List<Profiled> profiled = new ArrayList<>();
    for (CellResult cell : cells) {
      profiled.add(new Profiled(cell, summarize(sources, cell)));
    }
    return new Outcome(description, profiled);
  }

  private static String summarize(List<JfrSummary.Source> sources, CellResult cell)
      throws IOException {
    return JfrSummary.summarize(sources, cell.windowStart(), cell.windowEnd(), TOP,
        cell.operations());
  }
}
