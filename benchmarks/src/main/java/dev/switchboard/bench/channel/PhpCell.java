package dev.switchboard.bench.channel;

import dev.switchboard.bench.common.ChildProcess;
import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.bench.common.CpuSample;
import dev.switchboard.bench.common.IoSample;
import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs one pub/sub cell with PHP clients speaking Workerman Channel's protocol: N subscriber
 * processes ({@code benchmarks/php/channel_subscriber.php}) and one publisher process
 * ({@code channel_publisher.php}), each its own php-cli process and TCP connection, placed on the
 * servers as {@link ChannelSystem#serverFor} places the Java clients. The protocol has no
 * acknowledgements and no answer to {@code subscribe}: the publisher sends probe events until
 * every subscriber (and the publisher's own subscription, its flow control) has seen one, then
 * the harness starts it; it publishes through the warm-up and the measured window with at most
 * {@code window} publishes not yet seen back, as the Java publisher does with acks. Afterwards
 * every subscriber must have every publish once and in order.
 *
 * <p>Every process is stopped when the cell ends, fails, or the run is stopped ({@link Cleanup});
 * the scripts also stop at the end of their standard input and after a bound of their own.
 *
 * <p>Not thread-safe: drive it from the main thread.
 */
final class PhpCell {

  private static final Logger LOG = LoggerFactory.getLogger(PhpCell.class);

  private static final Duration SETUP_BOUND = Duration.ofSeconds(60);
  /** Longest wait for the publisher's own last events after the window (the script's own bound). */
  private static final Duration ACK_BOUND = Duration.ofSeconds(30);
  /** Longest wait of a subscriber for its last events once the publisher is done. */
  private static final Duration DELIVERY_BOUND = Duration.ofSeconds(15);
  /** Slack over the scripts' own bounds before the harness gives up on a line. */
  private static final Duration SLACK = Duration.ofSeconds(30);
  private static final Pattern READY = Pattern.compile("^READY pid=(\\d+)");

  private final Cleanup cleanup;
  private final Vertx vertx;
  private final String php;
  private final Path scripts;
  private final int window;
  private final double rate;
  private final String shape;

  /**
   * @param cleanup where the processes are registered while they run
   * @param vertx   the harness's Vert.x instance (its timers take the CPU samples)
   * @param php     the php-cli executable
   * @param scripts the directory of the PHP scripts
   * @param window  the most publishes not yet seen back at once
   * @param rate    publishes a second at most, 0 for as fast as the window allows
   * @param shape   {@code string} or {@code array}: the data's form
   */
  PhpCell(Cleanup cleanup, Vertx vertx, String php, Path scripts, int window, double rate,
          String shape) {
    this.cleanup = cleanup;
    this.vertx = vertx;
    this.php = php;
    this.scripts = scripts;
    this.window = window;
    this.rate = rate;
    this.shape = shape;
  }

  /**
   * Runs one cell.
   *
   * @param system      our server(s)
   * @param subscribers N, positive
   * @param round       the round, for the report
   * @param warmup      warm-up before the measured window
   * @param duration    the measured window
   * @param label       the result's system label
   * @param key         the result's key
   * @return the result
   * @throws IllegalStateException when a step does not complete within its bound
   * @throws IOException           when a process cannot be started
   */
  PubSubResult run(ChannelSystem system, int subscribers, int round, Duration warmup,
                   Duration duration, String label, String key) throws IOException {
    String channel = "bench-" + UUID.randomUUID();
    long lifetime = warmup.plus(duration).plus(ACK_BOUND).plus(DELIVERY_BOUND).plus(SETUP_BOUND)
        .plus(SETUP_BOUND).toSeconds();
    List<ChildProcess> subs = new ArrayList<>();
    List<Cleanup.Registration> registrations = new ArrayList<>();
    try {
      for (int i = 0; i < subscribers; i++) {
        subs.add(start(registrations, "PHP subscriber " + i, "channel_subscriber.php",
            system.serverFor(i), channel, List.of("--drain", seconds(DELIVERY_BOUND),
                "--max-seconds", Long.toString(lifetime))));
      }
      ChildProcess publisher = start(registrations, "PHP publisher", "channel_publisher.php",
          system.serverFor(-1), channel, List.of("--window", Integer.toString(window),
              "--rate", Double.toString(rate),
              "--shape", shape, "--size", Integer.toString(Payload.SIZE),
              "--warmup", seconds(warmup), "--duration", seconds(duration),
              "--ack-drain", seconds(ACK_BOUND), "--max-seconds", Long.toString(lifetime)));
      List<ChildProcess> all = new ArrayList<>(subs);
      all.add(publisher);
      all.forEach(p -> p.awaitReady(SETUP_BOUND));
      // subscribing has no answer: wait until each subscription saw the publisher's probes
      for (ChildProcess p : window > 0 ? all : subs) {
        expect(p.nextJson(SETUP_BOUND, "probe event"), "probed");
      }
      return measure(system, subscribers, round, warmup, duration, label, key, subs, publisher);
    } finally {
      registrations.forEach(Cleanup.Registration::close);
    }
  }

  private PubSubResult measure(ChannelSystem system, int subscribers, int round, Duration warmup,
                               Duration duration, String label, String key,
                               List<ChildProcess> subs, ChildProcess publisher) {
    List<Long> loadPids = new ArrayList<>(subs.stream().map(ChildProcess::pid).toList());
    loadPids.add(publisher.pid());
    List<Long> serverPids = system.serverPids();
    Optional<PubSubSystem.ServerCounters> countersBefore = system.counters();

    Instant wallOrigin = Instant.now();
    publisher.send("go");
    JsonObject span = expect(publisher.nextJson(SETUP_BOUND, "window line"), "window");
    String windowLine = "window " + span.getLong("start") + " " + span.getLong("end");
    subs.forEach(s -> s.send(windowLine));

    CpuSample[] cpu = new CpuSample[4];
    IoSample[] io = new IoSample[4];
    Promise<Void> atStart = Promise.promise();
    Promise<Void> atEnd = Promise.promise();
    vertx.setTimer(Math.max(1, warmup.toMillis()), id -> {
      cpu[0] = CpuSample.take(loadPids);
      cpu[1] = CpuSample.take(serverPids);
      io[0] = IoSample.take(loadPids);
      io[1] = IoSample.take(serverPids);
      atStart.complete();
    });
    vertx.setTimer(Math.max(1, warmup.plus(duration).toMillis()), id -> {
      cpu[2] = CpuSample.take(loadPids);
      cpu[3] = CpuSample.take(serverPids);
      io[2] = IoSample.take(loadPids);
      io[3] = IoSample.take(serverPids);
      atEnd.complete();
    });

    JsonObject done = expect(publisher.nextJson(warmup.plus(duration).plus(ACK_BOUND).plus(SLACK),
        "result line"), "done");
    long sent = done.getLong("sent");
    subs.forEach(s -> s.send("end " + sent));
    long received = 0;
    long inWindow = 0;
    long missing = 0;
    long backwards = done.getLong("backwards") + done.getLong("malformed");
    long malformed = 0;
    PhpHistogram latencies = new PhpHistogram();
    for (ChildProcess s : subs) {
      JsonObject result = expect(s.nextJson(DELIVERY_BOUND.plus(SLACK), "result line"),
          "result");
      received += result.getLong("received");
      inWindow += result.getLong("inWindow");
      missing += result.getLong("missing");
      backwards += result.getLong("backwards");
      malformed += result.getLong("malformed");
      latencies.add(result.getJsonArray("hist", new JsonArray()));
    }
    if (malformed > 0) {
      LOG.warn("{}, {} subscribers: {} frames were not the benchmark's events", label,
          subscribers, malformed);
    }
    Await.result(Future.all(atStart.future(), atEnd.future()), SETUP_BOUND, "CPU samples");
    Optional<PubSubSystem.ServerCounters> countersAfter = system.counters();
    long drops = countersAfter.isPresent() && countersBefore.isPresent()
        ? countersAfter.get().since(countersBefore.get()).drops() : -1;
    double seconds = (span.getLong("end") - span.getLong("start")) / 1e9;
    long publishes = window > 0 ? done.getLong("ackedInWindow") : done.getLong("sentInWindow");
    Instant wallStart = wallOrigin.plus(warmup);
    return new PubSubResult(label, key, subscribers, round, seconds, publishes, inWindow,
        latencies.percentileMicros(0.50), latencies.percentileMicros(0.99), sent,
        done.getLong("acked"), received, missing, backwards + malformed, drops,
        cpu[0].userSecondsUntil(cpu[2]) + cpu[0].systemSecondsUntil(cpu[2]),
        cpu[1].userSecondsUntil(cpu[3]) + cpu[1].systemSecondsUntil(cpu[3]),
        cpu[1].systemSecondsUntil(cpu[3]), io[3].since(io[1]), io[2].since(io[0]),
        cpu[0].machineBusyUntil(cpu[2]), wallStart, wallStart.plus(duration), null);
  }

  private ChildProcess start(List<Cleanup.Registration> registrations, String name, String script,
                             String server, String channel, List<String> extra)
      throws IOException {
    int colon = server.lastIndexOf(':');
    List<String> command = new ArrayList<>(List.of(php, scripts.resolve(script).toString(),
        "--host", server.substring(0, colon), "--port", server.substring(colon + 1),
        "--channel", channel, "--control"));
    command.addAll(extra);
    ChildProcess process = ChildProcess.start(name, command, scripts, READY);
    registrations.add(cleanup.register(name + " pid " + process.pid(), process));
    return process;
  }

  private static JsonObject expect(JsonObject line, String event) {
    if (!event.equals(line.getString("event"))) {
      throw new IllegalStateException("expected a PHP \"" + event + "\" line, got " + line);
    }
    return line;
  }

  private static String seconds(Duration d) {
    return Double.toString(d.toMillis() / 1000.0);
  }
}
