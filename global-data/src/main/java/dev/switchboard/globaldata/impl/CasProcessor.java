package dev.switchboard.globaldata.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compare-and-set on the partition owner: stores the new value only when the current one equals
 * the expected one by value ({@link JsonValues#sameValue}); a null expected value means absent.
 * Runs again, with the same input, on the backup replica.
 */
public final class CasProcessor implements EntryProcessor<String, String, Boolean> {

  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String value;
  private final long ttlSeconds;

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
}
