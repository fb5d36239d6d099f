package dev.switchboard.globaldata.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.vertx.core.json.Json;

import java.io.IOException;
import java.util.Map;

/**
 * Workerman GlobalData's {@code increment} on the partition owner, atomic like {@link
 * IncrementProcessor} and on the same stored values: an absent key is left absent ({@link
 * IncrementProcessor.Failure#NOT_FOUND}, answered {@code false}); a value PHP's {@code
 * is_numeric} rejects counts as 0, as Workerman resets it; then PHP's {@code value + step}
 * ({@link PhpNumbers}). Returns the new value ({@link Long} or {@link Double}), or {@link
 * IncrementProcessor.Failure#OVERFLOW} (nothing changed) when the sum is not finite. The entry
 * keeps its expiry; the backup gets the owner's write ({@link BackupWrite}). Travels as {@link
 * DataSerializable}.
 *
 * <p>Not thread-safe: Hazelcast runs one instance on one partition thread.
 */
public final class PhpIncrementProcessor extends OwnerDecides<Object> {

  private static final long serialVersionUID = 1L;

  private Number step;

  /** For Hazelcast's deserialization only. */
  public PhpIncrementProcessor() {
  }

  /**
   * @param step the amount to add, a {@link Long} or a {@link Double} (may be negative)
   */
  PhpIncrementProcessor(Number step) {
    this.step = step;
  }

  @Override
  public Object process(Map.Entry<String, String> entry) {
    written = null;
    String stored = entry.getValue();
    if (stored == null) {
      return IncrementProcessor.Failure.NOT_FOUND;
    }
    Number current = PhpNumbers.numeric(JsonValues.decode(stored));
    Number result = PhpNumbers.add(current == null ? (Number) 0L : current, step);
    if (result == null) {
      return IncrementProcessor.Failure.OVERFLOW;
    }
    written = BackupWrite.keepingExpiry(entry, Json.encode(result));
    return result;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    IncrementProcessor.writeStep(out, step);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    step = IncrementProcessor.readStep(in);
  }
}
