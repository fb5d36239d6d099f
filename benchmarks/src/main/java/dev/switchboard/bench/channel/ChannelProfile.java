package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.JfrSettings;
import dev.switchboard.bench.common.JfrSummary;
import io.vertx.core.Vertx;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the time goes on our side: the 1-server cell at the profiled N again, on a fresh server
 * JVM, under Java Flight Recorder with the {@code profile} settings in the server JVM
 * ({@code -XX:StartFlightRecording}, written when it exits on SIGTERM) and in the load generator
 * (the {@link Recording} API), each summarised over the measured window with {@link JfrSummary}.
 * When Redis is part of the run, the same cell against Redis follows in the same recording, and
 * the load generator's share of it is summarised too (to tell our client's cost from the RESP
 * client's).
 *
 * <p>The recordings start before an unmeasured warm-up of {@value #PREWARM_FACTOR} times the
 * usual one: starting a recording invalidates compiled code, the server JVM is fresh, and the
 * recompilation should not fall into the measured window.
 *
 * <p>Not thread-safe: run it from the main thread.
 */
final class ChannelProfile {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelProfile.class);

  /** Rows per ranking in the summaries. */
  private static final int TOP = 12;

  /** The profiled cells' warm-up, as a multiple of the options' prewarm. */
  private static final int PREWARM_FACTOR = 3;

  /**
   * The profiled cells and their summaries.
   *
   * @param target       who ran where
   * @param ours         our cell's figures (under the recorder, so a little below the plain run's)
   * @param oursSummary  markdown summary of both recordings over our cell's window
   * @param redis        the Redis cell's figures, or null
   * @param redisSummary markdown summary of the load generator's recording over the Redis cell's
   *                     window, or null
   */
  record Outcome(String target, PubSubResult ours, String oursSummary, PubSubResult redis,
                 String redisSummary) {
  }

  private ChannelProfile() {
  }

  /**
   * @param cleanup where the server JVM and redis-server are registered
   * @param vertx   the load generator's Vert.x instance
   * @param cell    the cell runner
   * @param options durations, N, whether Redis runs
   * @param dir     where the recordings go
   * @param stamp   the run's time stamp, part of the file names
   * @return the profiled cells
   * @throws Exception when a server does not start or a recording cannot be read
   */
  static Outcome run(Cleanup cleanup, Vertx vertx, PubSubCell cell, ChannelBenchOptions options,
                     Path dir, String stamp) throws Exception {
    Path recordings = JfrSettings.recordingsDir(dir);
    Path serverFile = recordings.resolve("channel-" + stamp + "-server.jfr");
    Path loadFile = recordings.resolve("channel-" + stamp + "-loadgen.jfr");
    Configuration profile = Configuration.getConfiguration("profile");
    String flag = JfrSettings.childFlag(profile, serverFile,
        recordings.resolve("channel-" + stamp + ".jfc"));
    int n = options.profileSubscribers();
    PubSubResult ours;
    PubSubResult redis = null;
    String target;
    ChannelSystem system = ChannelSystem.start(cleanup, vertx, 1, List.of(flag));
    RedisSystem peer = null;
    try {
      peer = options.run().redis()
          ? RedisSystem.start(cleanup, vertx, options.run().redisServer()) : null;
      target = system.description();
      try (Recording recording = JfrSettings.localRecording(profile, "channel-bench",
          loadFile)) {
        recording.start();
        Duration prewarm = options.prewarm().multipliedBy(PREWARM_FACTOR);
        cell.run(system, n, 0, Duration.ZERO, prewarm);
        LOG.info("Profiling {}, {} subscribers", system.label(), n);
        ours = cell.run(system, n, 1, options.run().warmup(), options.run().duration());
        ChannelBench.logResult(ours);
        if (peer != null) {
          cell.run(peer, n, 0, Duration.ZERO, prewarm);
          LOG.info("Profiling the load generator against Redis, {} subscribers", n);
          redis = cell.run(peer, n, 1, options.run().warmup(), options.run().duration());
          ChannelBench.logResult(redis);
        }
        recording.stop();
      }
    } finally {
      if (peer != null) {
        peer.close();
      }
      system.close();
    }
    if (!Files.isRegularFile(serverFile)) {
      LOG.warn("The server JVM wrote no recording at {}", serverFile);
    }
    List<JfrSummary.Source> sources = new ArrayList<>();
    sources.add(new JfrSummary.Source("load generator: this JVM (publisher + " + n
        + " subscribers, ChannelClient)", loadFile));
    if (Files.isRegularFile(serverFile)) {
      sources.add(new JfrSummary.Source("channel server JVM", serverFile));
    }
    String oursSummary = JfrSummary.summarize(sources, ours.windowStart(), ours.windowEnd(), TOP,
        ours.deliveries());
    String redisSummary = redis == null ? null : JfrSummary.summarize(List.of(
            new JfrSummary.Source("load generator against Redis: this JVM (publisher + " + n
                + " subscribers, RESP client)", loadFile)), redis.windowStart(), redis.windowEnd(),
        TOP, redis.deliveries());
    return new Outcome(target, ours, oursSummary, redis, redisSummary);
  }
}
