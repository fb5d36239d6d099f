package dev.switchboard.globaldata;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Update functions the tests register on their members by class name (as the
 * {@code updateFunctions} option does): public classes with public no-argument constructors.
 */
public final class TestUpdateFunctions {

  /** Name to class name of every function below. */
  static final Map<String, String> ALL = Map.of(
      "counter.add", Add.class.getName(),
      "doc.count", CountWriter.class.getName(),
      "test.throws", Throws.class.getName(),
      "test.nan", ReturnsNaN.class.getName(),
      "test.bytes", ReturnsBytes.class.getName(),
      "test.huge", ReturnsHuge.class.getName(),
      "test.delete", Deletes.class.getName());

  private TestUpdateFunctions() {
  }

  /** Adds the argument (a number) to the current number, an absent key counting as 0. */
  public static final class Add implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      long base = current == null ? 0 : ((Number) current).longValue();
      return base + ((Number) argument).longValue();
    }
  }

  /** {"count": n, "writers": [...]}: counts one more and records the argument as the writer. */
  public static final class CountWriter implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      JsonObject doc = current == null
          ? new JsonObject().put("count", 0).put("writers", new JsonArray()) : (JsonObject) current;
      doc.put("count", doc.getInteger("count") + 1);
      doc.getJsonArray("writers").add(argument);
      return doc;
    }
  }

  /** Always refuses. */
  public static final class Throws implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      throw new IllegalStateException("refused by the test function");
    }
  }

  /** Returns a number JSON cannot hold. */
  public static final class ReturnsNaN implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      return Double.NaN;
    }
  }

  /** Returns a value that is not JSON-compatible. */
  public static final class ReturnsBytes implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      return new JsonObject().put("data", new byte[] {1, 2});
    }
  }

  /** Returns a string of the argument's length (over the tests' maxValueSize when asked). */
  public static final class ReturnsHuge implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      return "h".repeat(((Number) argument).intValue());
    }
  }

  /** Deletes the key. */
  public static final class Deletes implements UpdateFunction {
    @Override
    public Object apply(Object current, Object argument) {
      return null;
    }
  }
}
