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
 * The backup half of GlobalData's entry processors: applies on the backup replica exactly the
 * write the partition owner made, instead of deciding again. A backup replica treats an entry as
 * expired only some seconds after its owner does (Hazelcast's expiry delay for backups), so a
 * processor that re-ran its own logic there could see a value the owner no longer saw, decide
 * otherwise, and leave a backup that a crash of the owner would promote.
 *
 * <p>A processor records what it wrote in {@code process} and hands this out from
 * {@code getBackupProcessor()}, which Hazelcast calls on the same instance after {@code process}
 * and before it sends the backup; a processor that wrote nothing hands out null, so no backup is
 * sent and the backup keeps what it had (an entry the owner saw as expired expires there too
 * once promoted). Hazelcast applies the backup under the partition's ordering, like any backup.
 *
 * <p>The expiry is set the way the owner set it: a time to live counts from the moment the
 * backup applies it (milliseconds after the owner), "keep" keeps the backup's expiry of the same
 * entry, and "default" gives the map's default expiry.
 *
 * <p>Immutable once built; travels as {@link DataSerializable}.
 */
public final class BackupWrite implements EntryProcessor<String, String, Void>, DataSerializable {

  private static final long serialVersionUID = 1L;

  /** How the owner set the expiry of the value it wrote. */
  private enum Expiry {
    /** {@code setValue(value)}: the map's default time to live (none by default). */
    DEFAULT,
    /** {@code setValueWithoutChangingExpiryTime(value)}. */
    KEEP,
    /** {@code setValue(value, ttl, MILLISECONDS)}, where 0 means no expiry. */
    TTL,
    /** {@code setValue(null)}: the entry is removed. */
    REMOVE
  }

  private String value;
  private Expiry expiry;
  private long ttlMillis;

  /** For Hazelcast's deserialization only. */
  public BackupWrite() {
  }

  private BackupWrite(String value, Expiry expiry, long ttlMillis) {
    this.value = value;
    this.expiry = expiry;
    this.ttlMillis = ttlMillis;
  }

  /**
   * Writes a value on the owner's entry with the map's default expiry, and returns the write to
   * replay on the backup.
   *
   * @param entry the owner's entry
   * @param value the new value
   * @return the same write, for the backup
   */
  static BackupWrite withDefaultExpiry(Map.Entry<String, String> entry, String value) {
    entry.setValue(value);
    return new BackupWrite(value, Expiry.DEFAULT, 0);
  }

  /**
   * Writes a value on the owner's entry keeping its expiry time, and returns the write to replay
   * on the backup.
   *
   * @param entry the owner's entry
   * @param value the new value
   * @return the same write, for the backup
   */
  static BackupWrite keepingExpiry(Map.Entry<String, String> entry, String value) {
    ((ExtendedMapEntry<String, String>) entry).setValueWithoutChangingExpiryTime(value);
    return new BackupWrite(value, Expiry.KEEP, 0);
  }

  /**
   * Writes a value on the owner's entry with a time to live, and returns the write to replay on
   * the backup.
   *
   * @param entry     the owner's entry
   * @param value     the new value
   * @param ttlMillis the time to live in milliseconds, 0 for none
   * @return the same write, for the backup
   */
  static BackupWrite withTtl(Map.Entry<String, String> entry, String value, long ttlMillis) {
    ((ExtendedMapEntry<String, String>) entry).setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
    return new BackupWrite(value, Expiry.TTL, ttlMillis);
  }

  /**
   * Removes the owner's entry, and returns the removal to replay on the backup.
   *
   * @param entry the owner's entry
   * @return the same removal, for the backup
   */
  static BackupWrite removing(Map.Entry<String, String> entry) {
    entry.setValue(null);
    return new BackupWrite(null, Expiry.REMOVE, 0);
  }

  /**
   * @param <R> the result type of the owner's processor (a backup's result is never used)
   * @return this, typed as the backup processor of the owner's processor
   */
  @SuppressWarnings("unchecked")
  <R> EntryProcessor<String, String, R> as() {
    return (EntryProcessor<String, String, R>) (EntryProcessor<?, ?, ?>) this;
  }

  @Override
  public Void process(Map.Entry<String, String> entry) {
    switch (expiry) {
      case DEFAULT -> entry.setValue(value);
      case KEEP -> ((ExtendedMapEntry<String, String>) entry)
          .setValueWithoutChangingExpiryTime(value);
      case TTL -> ((ExtendedMapEntry<String, String>) entry)
          .setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
      case REMOVE -> entry.setValue(null);
      default -> throw new IllegalStateException("unknown expiry " + expiry);
    }
    return null;
  }

  /** A backup write has no backup of its own (Hazelcast never asks for one). */
  @Override
  public EntryProcessor<String, String, Void> getBackupProcessor() {
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(value);
    out.writeByte(expiry.ordinal());
    out.writeLong(ttlMillis);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    value = in.readString();
    expiry = Expiry.values()[in.readByte()];
    ttlMillis = in.readLong();
  }
}
