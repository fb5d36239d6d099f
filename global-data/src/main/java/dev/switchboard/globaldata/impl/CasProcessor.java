package dev.switchboard.globaldata.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compare-and-set on the partition owner: stores the new value only when the current one equals
 * the expected one by value ({@link JsonValues#sameValue}); a null expected value means absent.
 * Runs again, with the same input, on the backup replica. Travels as {@link DataSerializable}
 * (a few bytes, no Java serialization), which needs no registration on the members.
 */
public final class CasProcessor
    implements EntryProcessor<String, String, Boolean>, DataSerializable {

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
    String current = entry.getValue();
    boolean matches = expected == null
        ? current == null
        : current != null && (expected.equals(current)
            || JsonValues.sameValue(JsonValues.decode(expected), JsonValues.decode(current)));
    if (matches) {
      ((ExtendedMapEntry<String, String>) entry).setValue(value, ttlSeconds, TimeUnit.SECONDS);
    }
    return matches;
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
