package dev.switchboard.bench.globaldata;

import dev.switchboard.bench.common.Cleanup;
import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * A running 2-member loopback cluster and the GlobalData the callers use on it, as started by
 * {@link MemberTarget} or {@link ClientTarget}.
 *
 * <p>Not thread-safe: use and close it from the main thread ({@link Cleanup} may close its
 * resources from the shutdown hook).
 *
 * @param mode        member or client
 * @param vertx       the Vert.x instance the callers are deployed on
 * @param data        the GlobalData the callers use
 * @param description who runs where, and which member owns the hot key, for the report
 * @param pids        the processes whose CPU time counts for the cells: this JVM and the members
 * @param closers     what {@link #close()} closes, in that order
 */
record BenchTarget(Mode mode, Vertx vertx, GlobalData data, String description, List<Long> pids,
                   List<Cleanup.Registration> closers) implements AutoCloseable {

  /** Map the benchmark writes, apart from any application's. */
  static final String MAP_NAME = "switchboard.bench.globaldata";

  /** Members of every benchmark cluster. */
  static final int MEMBERS = 2;

  /**
   * @return options with the benchmark's map name
   */
  static GlobalDataOptions options() {
    return new GlobalDataOptions().setMapName(MAP_NAME);
  }

  /** Closes every resource of the target, in order; never throws. */
  @Override
  public void close() {
    closers.forEach(Cleanup.Registration::close);
  }
}
