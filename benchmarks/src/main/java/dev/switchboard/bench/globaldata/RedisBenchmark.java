package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Commands;
import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.RedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer measurement: {@code redis-benchmark} against a {@link RedisServer}, INCR on one key
 * ({@code -t incr}: the key {@code counter:__rand_int__} stays literal without {@code -r}) or on
 * random keys ({@code -r N INCR key:__rand_int__}), each connection with one request
 * outstanding (no {@code -P} pipelining): the same "caller" as the GlobalData cells.
 *
 * <p>redis-benchmark runs a request count, not a time, so each cell first runs a short
 * calibration (which also warms the server up) and then sizes the measured run to last about the
 * requested duration.
 *
 * <p>Stateless; safe from any thread.
 */
final class RedisBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(RedisBenchmark.class);

  private static final long MIN_REQUESTS = 1_000;
  private static final long MAX_REQUESTS = 50_000_000;
  private static final Duration MIN_BOUND = Duration.ofSeconds(60);

  /**
   * One redis-benchmark cell.
   *
   * @param keyCount  1 for the hot key, else the {@code -r} range
   * @param clients   concurrent connections ({@code -c})
   * @param requests  requests of the measured run ({@code -n})
   * @param opsPerSecond requests per second redis-benchmark reported
   * @param p50Micros median latency in microseconds
   * @param p99Micros 99th percentile latency in microseconds
   * @param serverCpuMicrosPerOp redis-server's CPU time (user + system) per request, in
   *                  microseconds, -1 when unknown; redis-benchmark's own CPU is not counted
   * @param machineBusy share of the whole machine's CPU time that was busy during the run, 0 to
   *                  1, -1 when unknown
   */
  record Result(int keyCount, int clients, long requests, double opsPerSecond, double p50Micros,
                double p99Micros, double serverCpuMicrosPerOp, double machineBusy) {

    private Result withCpu(double serverCpuMicrosPerOp, double machineBusy) {
      return new Result(keyCount, clients, requests, opsPerSecond, p50Micros, p99Micros,
          serverCpuMicrosPerOp, machineBusy);
    }
  }

  private RedisBenchmark() {
  }

  /**
   * Runs one cell: calibration, then the measured run.
   *
   * @param binary   the redis-benchmark executable
   * @param server   the server
   * @param clients  concurrent connections
   * @param keyCount 1 for the hot key, else how many random keys
   * @param target   how long the measured run should take
   * @return the measured run's figures
   * @throws Exception when redis-benchmark fails or its output cannot be read
   */
  static Result run(String binary, RedisServer server, int clients, int keyCount,
                    Duration target) throws Exception {
    int port = server.port();
    long calibration = Math.max(2_000, 200L * clients);
    Result probe = once(binary, port, clients, keyCount, calibration, target);
    long requests = Math.round(probe.opsPerSecond() * target.toNanos() / 1e9);
    requests = Math.max(MIN_REQUESTS, Math.min(MAX_REQUESTS, requests));
    List<Long> pids = List.of(server.pid());
    CpuSample before = CpuSample.take(pids);
    Result measured = once(binary, port, clients, keyCount, requests, target);
    CpuSample after = CpuSample.take(pids);
    double cpu = before.userSecondsUntil(after) + before.systemSecondsUntil(after);
    Result result = measured.withCpu(cpu > 0 ? cpu * 1e6 / requests : -1,
        before.machineBusyUntil(after));
    LOG.info("redis-benchmark INCR {} x {}: {} ops/s, p50 {} us, p99 {} us ({} requests)",
        keyCount == 1 ? "1 key" : keyCount + " keys", clients, Math.round(result.opsPerSecond()),
        result.p50Micros(), result.p99Micros(), requests);
    return result;
  }

  private static Result once(String binary, int port, int clients, int keyCount, long requests,
                             Duration target) throws Exception {
    List<String> command = new ArrayList<>(List.of(binary, "-h", "127.0.0.1", "-p",
        String.valueOf(port), "-c", String.valueOf(clients), "-n", String.valueOf(requests),
        "--csv"));
    if (keyCount == 1) {
      command.addAll(List.of("-t", "incr"));
    } else {
      command.addAll(List.of("-r", String.valueOf(keyCount), "INCR", "key:__rand_int__"));
    }
    Duration bound = target.multipliedBy(6).compareTo(MIN_BOUND) > 0
        ? target.multipliedBy(6) : MIN_BOUND;
    String output = Commands.run(command, bound);
    return parse(output, keyCount, clients, requests);
  }

  /**
   * Reads redis-benchmark's {@code --csv} output: a header line, then
   * {@code "INCR...","rps","avg","min","p50","p95","p99","max"} with latencies in milliseconds.
   */
  static Result parse(String output, int keyCount, int clients, long requests) {
    for (String line : output.split("\\R")) {
      if (!line.startsWith("\"INCR")) {
        continue;
      }
      String[] fields = line.substring(1, line.length() - 1).split("\",\"");
      if (fields.length < 7) {
        break;
      }
      return new Result(keyCount, clients, requests, Double.parseDouble(fields[1]),
          Double.parseDouble(fields[4]) * 1_000, Double.parseDouble(fields[6]) * 1_000, -1, -1);
    }
    throw new IllegalStateException("unexpected redis-benchmark output: "
        + Commands.tail(output));
  }
}
