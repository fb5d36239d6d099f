package dev.switchboard.bench.globaldata;

import dev.switchboard.globaldata.GlobalDataVerticle;
import dev.switchboard.globaldata.UpdateFunction;
import dev.switchboard.testkit.NodeMain;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The update function of the {@link Op#UPDATE} cells and how the benchmark's members register
 * it: this JVM's member through the options of its GlobalData, each member JVM through the
 * {@code updateFunctions} option of a {@link GlobalDataVerticle} it deploys.
 */
final class BenchFunctions {

  /** The registered name of {@link Add}. */
  static final String ADD = "bench.add";

  /** Name to class name, as the {@code updateFunctions} option takes them. */
  static final Map<String, String> ALL = Map.of(ADD, Add.class.getName());

  private BenchFunctions() {
  }

  /**
   * @return the verticle argument of a member JVM ({@link NodeMain}): a GlobalData node on the
   *     benchmark's map with the functions registered
   */
  static String memberVerticle() {
    return NodeMain.verticle(GlobalDataVerticle.class.getName(), new JsonObject()
        .put("mapName", BenchTarget.MAP_NAME)
        .put("updateFunctions", new JsonObject(Map.copyOf(ALL))));
  }

  /** current + argument, an absent key counting as 0: an increment as a user function. */
  public static final class Add implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      long base = current == null ? 0 : ((Number) current).longValue();
      return base + ((Number) argument).longValue();
    }
  }
}
