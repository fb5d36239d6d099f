package dev.switchboard.globaldata;

import java.util.Objects;

/**
 * The result of a server-side update ({@link GlobalData#max}, {@link GlobalData#min},
 * {@link GlobalData#append}, {@link GlobalData#merge}, {@link GlobalData#incrementIfLess},
 * {@link GlobalData#update}): the value before and after, read atomically with the update on the
 * key's partition owner, so each caller learns exactly what its own call did.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class Update {

  private final boolean applied;
  private final Object previous;
  private final Object current;

  /**
   * @param applied  whether the call changed the stored value
   * @param previous the value before the call, null when the key was absent
   * @param current  the value after the call, null when the key is absent
   */
  public Update(boolean applied, Object previous, Object current) {
    this.applied = applied;
    this.previous = previous;
    this.current = current;
  }

  /**
   * @return true when this call wrote a value (for {@code incrementIfLess}: it incremented);
   *     false when it left the key as it was ({@link #previous()} equals {@link #current()})
   */
  public boolean applied() {
    return applied;
  }

  /**
   * @return the value the key held just before this call, or null when it was absent
   */
  public Object previous() {
    return previous;
  }

  /**
   * @return the value the key holds just after this call, or null when it is absent
   */
  public Object current() {
    return current;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Update other && applied == other.applied
        && Objects.equals(previous, other.previous) && Objects.equals(current, other.current);
  }

  @Override
  public int hashCode() {
    return Objects.hash(applied, previous, current);
  }

  @Override
  public String toString() {
    return "Update[applied=" + applied + "]";
  }
}
