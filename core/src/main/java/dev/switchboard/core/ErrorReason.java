package dev.switchboard.core;

/**
 * The reason a {@link SwitchboardException} carries: implemented by each module's {@code Reason}
 * enum (for example {@code ChannelException.Reason}), whose constant names are the error codes
 * that travel on the wire and in logs.
 *
 * <p>Implementations are immutable.
 */
public interface ErrorReason {

  /**
   * @return the reason's code, the enum constant's name (such as {@code BAD_JSON})
   */
  String name();
}
