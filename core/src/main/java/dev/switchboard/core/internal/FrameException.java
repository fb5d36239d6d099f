package dev.switchboard.core.internal;

import dev.switchboard.core.ErrorReason;
import dev.switchboard.core.SwitchboardException;

/**
 * A length-prefixed byte stream broke the framing rules ({@link FrameParser}). Each protocol
 * reports it in its own terms: the channel server as a channel {@code error} frame with the same
 * code, the gateway by closing the connection.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class FrameException extends SwitchboardException {

  private static final long serialVersionUID = 1L;

  /** What was wrong with the frame. */
  public enum Reason implements ErrorReason {
    /** A frame's length header is below 4 (it counts its own 4 bytes). */
    BAD_FRAME,
    /** A frame's length header is over the maximum package size. */
    FRAME_TOO_LARGE
  }

  /**
   * @param reason  the reason
   * @param message what was wrong, for logs
   */
  public FrameException(Reason reason, String message) {
    super(reason, message, null);
  }

  @Override
  public Reason reason() {
    return (Reason) super.reason();
  }
}
