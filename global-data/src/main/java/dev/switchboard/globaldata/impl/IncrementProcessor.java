package dev.switchboard.globaldata.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.json.Json;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;

/**
 * Atomic increment on the partition owner. Returns the new value ({@link Long} or
 * {@link Double}) or a {@link Failure}; a failure changes nothing. The entry keeps its expiry.
 * The backup replica does not add again: it gets the owner's write ({@link BackupWrite}), or
 * nothing after a failure. For single-key use ({@code submitToKey}) only; several increments
 * of one key that travel together are a {@link BatchIncrementProcessor}. Travels as
 * {@link DataSerializable}.
 *
 * <p>Not thread-safe: Hazelcast runs one instance on one partition thread.
 */
public final class IncrementProcessor extends OwnerDecides<Object> {

  private static final long serialVersionUID = 1L;

  /** Why an increment changed nothing. */
  public enum Failure {
    /** The key is absent and creation was not asked for. */
    NOT_FOUND,
    /** The value is not a number. */
    NOT_NUMERIC,
    /** The result leaves the 64-bit range or is not finite. */
    OVERFLOW
  }

  private Number step;
  private boolean create;

  /** For Hazelcast's deserialization only. */
  public IncrementProcessor() {
  }

  /**
   * @param step   the amount to add, a {@link Long} or a {@link Double}
   * @param create whether an absent key counts as 0 (and is created) rather than failing
   */
  public IncrementProcessor(Number step, boolean create) {
    this.step = step;
    this.create = create;
  }

  @Override
  public Object process(Map.Entry<String, String> entry) {
    written = null;
    String stored = entry.getValue();
    Object result = next(stored == null ? null : JsonValues.decode(stored), step, create);
    if (result instanceof Number) {
      String text = Json.encode(result);
      written = stored == null ? BackupWrite.withDefaultExpiry(entry, text)
          : BackupWrite.keepingExpiry(entry, text);
    }
    return result;
  }

  /**
   * One increment step, the rule every increment path applies.
   *
   * @param current the decoded current value, or null when the key is absent
   * @param step    the amount to add, a {@link Long} or a {@link Double}
   * @param create  whether an absent key counts as 0 rather than failing
   * @return the new value ({@link Long} or {@link Double}), or the {@link Failure}
   */
  static Object next(Object current, Number step, boolean create) {
    if (current == null) {
      if (!create) {
        return Failure.NOT_FOUND;
      }
      current = 0L;
    }
    if (!(current instanceof Number number)) {
      return Failure.NOT_NUMERIC;
    }
    Number result = add(number, step);
    return result == null ? Failure.OVERFLOW : result;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    writeStep(out, step);
    out.writeBoolean(create);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    step = readStep(in);
    create = in.readBoolean();
  }

  /** Writes a step ({@link Long} or {@link Double}): a flag, then the number. */
  static void writeStep(ObjectDataOutput out, Number step) throws IOException {
    boolean integral = step instanceof Long;
    out.writeBoolean(integral);
    if (integral) {
      out.writeLong(step.longValue());
    } else {
      out.writeDouble(step.doubleValue());
    }
  }

  /** @return a step written by {@link #writeStep} */
  static Number readStep(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? (Number) in.readLong() : (Number) in.readDouble();
  }

  /** @return current + step, or null when it overflows (shared with {@link UpdateProcessor}) */
  static Number add(Number current, Number step) {
    if (JsonValues.isIntegral(current) && step instanceof Long s) {
      if (current instanceof BigInteger big && big.bitLength() > 63) {
        return null;
      }
      try {
        return Math.addExact(current.longValue(), s);
      } catch (ArithmeticException e) {
        return null;
      }
    }
    double sum = current.doubleValue() + step.doubleValue();
    return Double.isFinite(sum) ? sum : null;
  }
}
