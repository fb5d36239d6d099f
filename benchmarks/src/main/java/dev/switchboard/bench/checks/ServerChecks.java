package dev.switchboard.bench.checks;

import dev.switchboard.channel.server.impl.RequestChecks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The channel server's per-request checks before and after issue 13, side by side
 * ({@link RequestChecks}): the access check of a publish (reserved channels, roles) and the
 * input accounting after each frame ({@code InputGate}), on the channel benchmark's publish
 * request (one channel named {@code bench-<uuid>}, {@link RealFrames#CHANNELS}).
 *
 * <p>Threading: JMH's; one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServerChecks {

  private final RequestChecks connection = new RequestChecks();
  private final Set<String> channels = RealFrames.CHANNELS;
  // a field, so that the JIT cannot fold the type comparison
  private String type = "publish";

  /** @return the channels, after the checks of {@code 48caaca} */
  @Benchmark
  public Set<String> oldPublishAccess() {
    return connection.oldPublishAccess(type, channels);
  }

  /** @return the channels, after the checks of now */
  @Benchmark
  public Set<String> newPublishAccess() {
    return connection.newPublishAccess(type, channels);
  }

  /** @return whether reading paused, as {@code 48caaca} decided it */
  @Benchmark
  public boolean oldAfterFrame() {
    return connection.oldAfterFrame();
  }

  /** @return whether reading paused, as the input gate decides it now */
  @Benchmark
  public boolean newAfterFrame() {
    return connection.newAfterFrame();
  }
}
