package dev.switchboard.bench;

import dev.switchboard.globaldata.GlobalData;
import dev.switchboard.globaldata.GlobalDataOptions;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * A running 2-member loopback cluster and the GlobalData the callers use on it.
 */
interface BenchTarget extends AutoCloseable {

  /** Map the benchmark writes, apart from any application's. */
  String MAP_NAME = "switchboard.bench.globaldata";

  /** Members of every benchmark cluster. */
  int MEMBERS = 2;

  /**
   * @return options with the benchmark's map name
   */
  static GlobalDataOptions options() {
    return new GlobalDataOptions().setMapName(MAP_NAME);
  }

  /**
   * @return member or client
   */
  Mode mode();

  /**
   * @return the Vert.x instance the callers are deployed on
   */
  Vertx vertx();

  /**
   * @return the GlobalData the callers use
   */
  GlobalData data();

  /**
   * @return who runs where, and which member owns the hot key, for the report
   */
  String describe();

  /**
   * @return the processes whose CPU time counts for the cells: this JVM and the member JVMs
   */
  List<Long> pids();

  /** Stops everything this target started; never throws. */
  @Override
  void close();
}
