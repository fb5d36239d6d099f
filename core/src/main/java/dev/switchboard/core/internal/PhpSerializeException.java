package dev.switchboard.core.internal;

import dev.switchboard.core.ErrorReason;
import dev.switchboard.core.SwitchboardException;

/**
 * A PHP {@code serialize()} payload that {@link PhpSerialize} refused to read, or a value it cannot
 * write. The message says what and, when reading, at which byte ({@link #offset()}).
 *
 * <p>Immutable; safe to share between threads.
 */
public final class PhpSerializeException extends SwitchboardException {

  private static final long serialVersionUID = 1L;

  /** Why the payload or value was refused. */
  public enum Reason implements ErrorReason {
    /** Not PHP's serialize format: a bad token, a length that does not match, trailing bytes. */
    MALFORMED,
    /** Well-formed, but a kind this codec never reads: objects, references, enums, NAN/INF. */
    REFUSED_KIND,
    /** Over a limit: nesting depth, element count, a length beyond the payload. */
    LIMIT,
    /** A Java value that has no PHP form here (encoding only). */
    UNSUPPORTED_VALUE
  }

  private final int offset;

  /**
   * @param reason  the reason
   * @param message what was wrong
   * @param offset  the byte of the payload where it was found, or -1 when encoding
   */
  public PhpSerializeException(Reason reason, String message, int offset) {
    super(reason, offset < 0 ? message : message + " at byte " + offset, null);
    this.offset = offset;
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }

  /** @return the byte of the payload where the problem was found, or -1 when encoding */
  public int offset() {
    return offset;
  }
}
