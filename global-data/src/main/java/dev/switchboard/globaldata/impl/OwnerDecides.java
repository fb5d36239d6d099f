package dev.switchboard.globaldata.impl;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.DataSerializable;

/**
 * An entry processor that decides on the partition owner and hands the backup replica only what
 * it wrote ({@link BackupWrite}), or nothing when it wrote nothing: the part every GlobalData
 * processor shares. A subclass sets {@link #written} in {@code process} (null first). Travels as
 * {@link DataSerializable}.
 *
 * <p>Not thread-safe: Hazelcast runs one instance on one partition thread.
 *
 * @param <R> the processor's result
 */
abstract class OwnerDecides<R> implements EntryProcessor<String, String, R>, DataSerializable {

  private static final long serialVersionUID = 1L;

  /** What {@code process} wrote, for the backup; null when it wrote nothing. */
  protected transient BackupWrite written;

  /** Called by Hazelcast after {@code process}: the owner's write, or null for no backup. */
  @Override
  public final EntryProcessor<String, String, R> getBackupProcessor() {
    return written == null ? null : written.as();
  }
}
