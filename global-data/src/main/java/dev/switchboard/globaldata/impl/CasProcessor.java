package dev.switchboard.globaldata.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compare-and-set on the partition owner: stores the new value only when the current one equals
 * the expected one by value ({@link JsonValues#sameValue}); a null expected value means absent.
 * The backup replica does not compare again: it gets the owner's write ({@link BackupWrite}), or
 * nothing when the comparison failed. For single-key use ({@code submitToKey}) only. Travels as
 * {@link DataSerializable} (a few bytes, no Java serialization), which needs no registration on
 * the members.
 *
 * <p>Not thread-safe: Hazelcast runs one instance on one partition thread.
 */
public final class CasProcessor extends OwnerDecides<Boolean> {

  private static final long serialVersionUID = 1L;

  private String expected;
  private String value;
  private long ttlSeconds;

  /** For Hazelcast's deserialization only. */
  public CasProcessor() {
  }

  /**
   * @param expected  the expected value as JSON text, or null for absent
   * @param value     the new value as JSON text
   * @param ttlSeconds time to live of the new value in seconds, 0 for none
   */
  public CasProcessor(String expected, String value, long ttlSeconds) {
    this.expected = expected;
    this.value = value;
    this.ttlSeconds = ttlSeconds;
  }

  @Override
  public Boolean process(Map.Entry<String, String> entry) {
    written = null;
    boolean matches = matches(expected, entry.getValue());
    if (matches) {
      written = BackupWrite.withTtl(entry, value, TimeUnit.SECONDS.toMillis(ttlSeconds));
    }
    return matches;
  }

  /**
   * cas's comparison, shared with {@code compareAndExchange} ({@link UpdateProcessor}).
   *
   * @param expected the expected value as JSON text, or null for absent
   * @param current  the stored JSON text, or null when absent
   * @return whether the current value is the expected one, by value
   */
  static boolean matches(String expected, String current) {
    return expected == null
        ? current == null
        : current != null && (expected.equals(current)
            || JsonValues.sameValue(JsonValues.decode(expected), JsonValues.decode(current)));
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(expected);
    out.writeString(value);
    out.writeLong(ttlSeconds);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    expected = in.readString();
    value = in.readString();
    ttlSeconds = in.readLong();
  }
}
