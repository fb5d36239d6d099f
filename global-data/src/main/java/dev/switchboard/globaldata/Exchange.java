package dev.switchboard.globaldata;

import java.util.Objects;

/**
 * The result of {@link GlobalData#compareAndExchange}: whether the new value was stored, and the
 * value the key holds now, so that a retry loop needs no {@code get} after a lost race.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class Exchange {

  private final boolean succeeded;
  private final Object current;

  /**
   * @param succeeded whether the new value was stored
   * @param current   the value the key holds now: the new one on success, the one found on
   *                  failure, null when the key is absent
   */
  public Exchange(boolean succeeded, Object current) {
    this.succeeded = succeeded;
    this.current = current;
  }

  /**
   * @return true when the key held the expected value and now holds the new one
   */
  public boolean succeeded() {
    return succeeded;
  }

  /**
   * @return the value the key holds after the call (as {@link GlobalData#get} would read it): the
   *     new one on success, the one that differed from the expected one on failure, or null when
   *     the key is absent
   */
  public Object current() {
    return current;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Exchange other && succeeded == other.succeeded
        && Objects.equals(current, other.current);
  }

  @Override
  public int hashCode() {
    return Objects.hash(succeeded, current);
  }

  @Override
  public String toString() {
    return "Exchange[succeeded=" + succeeded + "]";
  }
}
