package dev.switchboard.globaldata.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;

import java.io.IOException;

/**
 * What an {@link UpdateProcessor} did on the partition owner, sent back to the caller: the
 * stored JSON text before and after and whether it wrote, or why it refused (a refusal changes
 * nothing). Travels as {@link DataSerializable}.
 *
 * <p>Immutable once read or built.
 */
public final class UpdateOutcome implements DataSerializable {

  private static final long serialVersionUID = 1L;

  private boolean applied;
  private String previous;
  private String current;
  private String failure;
  private String message;

  /** For Hazelcast's deserialization only. */
  public UpdateOutcome() {
  }

  private UpdateOutcome(boolean applied, String previous, String current, String failure,
      String message) {
    this.applied = applied;
    this.previous = previous;
    this.current = current;
    this.failure = failure;
    this.message = message;
  }

  static UpdateOutcome done(boolean applied, String previous, String current) {
    return new UpdateOutcome(applied, previous, current, null, null);
  }

  static UpdateOutcome refused(GlobalDataException e) {
    return new UpdateOutcome(false, null, null, e.reason().name(), e.detail());
  }

  /**
   * @return this outcome when it is not a refusal
   * @throws GlobalDataException the refusal, with its reason and message
   */
  UpdateOutcome orThrow() {
    if (failure != null) {
      throw new GlobalDataException(Reason.valueOf(failure), message);
    }
    return this;
  }

  boolean applied() {
    return applied;
  }

  /** @return the JSON text before the call, null when absent */
  String previous() {
    return previous;
  }

  /** @return the JSON text after the call, null when absent */
  String current() {
    return current;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeBoolean(applied);
    out.writeString(previous);
    out.writeString(current);
    out.writeString(failure);
    out.writeString(message);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    applied = in.readBoolean();
    previous = in.readString();
    current = in.readString();
    failure = in.readString();
    message = in.readString();
  }
}
