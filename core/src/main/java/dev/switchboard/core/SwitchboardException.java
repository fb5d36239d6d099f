package dev.switchboard.core;

import io.vertx.core.VertxException;

/**
 * The base of every Switchboard exception: unchecked, classified by a typed {@link ErrorReason}
 * instead of subclasses, with a message of the form {@code <detail> [reason=<REASON>]}. Each
 * module has one subclass with its own {@code Reason} enum ({@code ChannelException},
 * {@code GlobalDataException}); code that handles failures of several modules can switch on
 * {@link #reason()} through this type.
 *
 * <p>Failures travel in failed futures; an exception is thrown only for a programmer error.
 * Messages never hold secrets. Immutable; safe to share between threads.
 */
public abstract class SwitchboardException extends VertxException {

  private static final long serialVersionUID = 1L;

  private final ErrorReason reason;
  private final String detail;

  /**
   * @param reason  the reason
   * @param message what went wrong, without the reason (the reason is appended)
   * @param cause   the underlying failure, or null
   */
  protected SwitchboardException(ErrorReason reason, String message, Throwable cause) {
    super(message + " [reason=" + reason.name() + "]", cause);
    this.reason = reason;
    this.detail = message;
  }

  /**
   * @return the reason; subclasses narrow it to their own {@code Reason} enum
   */
  public ErrorReason reason() {
    return reason;
  }

  /**
   * @return the message without the {@code [reason=…]} suffix
   */
  public String detail() {
    return detail;
  }
}
