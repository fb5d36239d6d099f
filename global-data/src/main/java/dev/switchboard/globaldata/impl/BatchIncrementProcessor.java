package dev.switchboard.globaldata.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.json.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Several increments of one key in one run on the partition owner ({@link IncrementBatcher}):
 * applies the steps in the order given, each with {@link IncrementProcessor#next}'s rule, and
 * returns each step's own outcome ({@link Outcomes}): its value right after that step, or the
 * {@link IncrementProcessor.Failure} that left the value as the steps before it made it. The
 * entry is written once, with the value after the last step that succeeded (keeping its expiry,
 * or with the map's default expiry when an absent key was created), and the backup replica gets
 * that one write ({@link BackupWrite}), or nothing when every step failed. For single-key use
 * ({@code submitToKey}) only. Travels as {@link DataSerializable}.
 *
 * <p>Not thread-safe: Hazelcast runs one instance on one partition thread.
 */
public final class BatchIncrementProcessor extends OwnerDecides<BatchIncrementProcessor.Outcomes> {

  private static final long serialVersionUID = 1L;

  private Number[] steps;
  private boolean[] create;

  /** For Hazelcast's deserialization only. */
  public BatchIncrementProcessor() {
  }

  /**
   * @param batch the increments, in the order they are to apply
   */
  BatchIncrementProcessor(List<IncrementBatcher.Step> batch) {
    steps = new Number[batch.size()];
    create = new boolean[batch.size()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = batch.get(i).step();
      create[i] = batch.get(i).create();
    }
  }

  @Override
  public Outcomes process(Map.Entry<String, String> entry) {
    written = null;
    String stored = entry.getValue();
    Object current = stored == null ? null : JsonValues.decode(stored);
    Outcomes outcomes = new Outcomes(steps.length);
    boolean changed = false;
    for (int i = 0; i < steps.length; i++) {
      Object outcome = IncrementProcessor.next(current, steps[i], create[i]);
      outcomes.set(i, outcome);
      if (outcome instanceof Number) {
        current = outcome;
        changed = true;
      }
    }
    if (changed) {
      String text = Json.encode(current);
      written = stored == null ? BackupWrite.withDefaultExpiry(entry, text)
          : BackupWrite.keepingExpiry(entry, text);
    }
    return outcomes;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(steps.length);
    for (int i = 0; i < steps.length; i++) {
      IncrementProcessor.writeStep(out, steps[i]);
      out.writeBoolean(create[i]);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > IncrementBatcher.MAX_STEPS) {
      throw new IOException("batch of " + size + " increments is outside 0.."
          + IncrementBatcher.MAX_STEPS);
    }
    steps = new Number[size];
    create = new boolean[size];
    for (int i = 0; i < size; i++) {
      steps[i] = IncrementProcessor.readStep(in);
      create[i] = in.readBoolean();
    }
  }

  /**
   * The outcome of each step of a batch, in its order: a {@link Long}, a {@link Double} or an
   * {@link IncrementProcessor.Failure}. Travels as {@link DataSerializable}: a kind byte and a
   * long (a double as its bits) per step.
   *
   * <p>Not thread-safe; filled on the partition thread, read once by the batcher.
   */
  public static final class Outcomes implements DataSerializable {

    private static final byte LONG = -1;
    private static final byte DOUBLE = -2;

    /** {@link #LONG}, {@link #DOUBLE}, or a failure's ordinal. */
    private byte[] kinds;
    private long[] values;

    /** For Hazelcast's deserialization only. */
    public Outcomes() {
    }

    Outcomes(int size) {
      kinds = new byte[size];
      values = new long[size];
    }

    void set(int index, Object outcome) {
      if (outcome instanceof Long value) {
        kinds[index] = LONG;
        values[index] = value;
      } else if (outcome instanceof Double value) {
        kinds[index] = DOUBLE;
        values[index] = Double.doubleToRawLongBits(value);
      } else {
        kinds[index] = (byte) ((IncrementProcessor.Failure) outcome).ordinal();
      }
    }

    /** @return how many steps the batch had */
    int size() {
      return kinds.length;
    }

    /**
     * @param index a step's position in the batch
     * @return its outcome: a {@link Long}, a {@link Double} or an
     *     {@link IncrementProcessor.Failure}
     */
    Object get(int index) {
      return switch (kinds[index]) {
        case LONG -> values[index];
        case DOUBLE -> Double.longBitsToDouble(values[index]);
        default -> IncrementProcessor.Failure.values()[kinds[index]];
      };
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeByteArray(kinds);
      out.writeLongArray(values);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      kinds = in.readByteArray();
      values = in.readLongArray();
    }
  }
}
