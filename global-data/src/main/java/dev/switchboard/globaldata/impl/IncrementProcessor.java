package dev.switchboard.globaldata.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
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
 * Runs again, with the same input, on the backup replica. Travels as {@link DataSerializable}.
 */
public final class IncrementProcessor
    implements EntryProcessor<String, String, Object>, DataSerializable {

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
    String stored = entry.getValue();
    Object current;
    if (stored == null) {
      if (!create) {
        return Failure.NOT_FOUND;
      }
      current = 0L;
    } else {
      current = JsonValues.decode(stored);
    }
    if (!(current instanceof Number number)) {
      return Failure.NOT_NUMERIC;
    }
    Number result = add(number, step);
    if (result == null) {
      return Failure.OVERFLOW;
    }
    ExtendedMapEntry<String, String> extended = (ExtendedMapEntry<String, String>) entry;
    if (stored == null) {
      extended.setValue(Json.encode(result));
    } else {
      extended.setValueWithoutChangingExpiryTime(Json.encode(result));
    }
    return result;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    boolean integral = step instanceof Long;
    out.writeBoolean(integral);
    if (integral) {
      out.writeLong(step.longValue());
    } else {
      out.writeDouble(step.doubleValue());
    }
    out.writeBoolean(create);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    step = in.readBoolean() ? (Number) in.readLong() : (Number) in.readDouble();
    create = in.readBoolean();
  }

  private static Number add(Number current, Number step) {
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
