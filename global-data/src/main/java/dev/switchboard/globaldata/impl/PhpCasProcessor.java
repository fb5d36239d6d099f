package dev.switchboard.globaldata.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.globaldata.GlobalDataException;

import java.io.IOException;
import java.util.Map;

/**
 * Workerman GlobalData's {@code cas} on the partition owner: stores the new value when the MD5 of
 * PHP's {@code serialize()} of the current value ({@code N;} when absent) equals the one the PHP
 * client sent, which it computed from the value it read ({@link PhpValues#serialize} gives the
 * same bytes PHP does). A null new value (PHP's null) removes the entry. The entry becomes
 * permanent, like any write from PHP; the backup gets the owner's write ({@link BackupWrite}), or
 * nothing when the comparison failed. Travels as {@link DataSerializable}.
 *
 * <p>Not thread-safe: Hazelcast runs one instance on one partition thread.
 */
public final class PhpCasProcessor extends OwnerDecides<Boolean> {

  private static final long serialVersionUID = 1L;

  private String md5;
  private String value;

  /** For Hazelcast's deserialization only. */
  public PhpCasProcessor() {
  }

  /**
   * @param md5   the MD5 (lower-case hex) the PHP client sent
   * @param value the new value as JSON text, or null to remove the entry
   */
  PhpCasProcessor(String md5, String value) {
    this.md5 = md5;
    this.value = value;
  }

  @Override
  public Boolean process(Map.Entry<String, String> entry) {
    written = null;
    String current = entry.getValue();
    boolean matches;
    try {
      matches = PhpValues.md5(PhpValues.serialize(current)).equals(md5);
    } catch (GlobalDataException e) {
      // a value PHP has no form for: no PHP client can have read it, so none can match it
      matches = false;
    }
    if (matches && value != null) {
      written = BackupWrite.withTtl(entry, value, 0);
    } else if (matches && current != null) {
      written = BackupWrite.removing(entry);
    }
    return matches;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(md5);
    out.writeString(value);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    md5 = in.readString();
    value = in.readString();
  }
}
