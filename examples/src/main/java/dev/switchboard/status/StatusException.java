package dev.switchboard.status;

/**
 * A node a status tool could not read, with the one line that says why (no stack trace).
 */
final class StatusException extends Exception {

  private static final long serialVersionUID = 1L;

  StatusException(String message) {
    super(message, null, false, false);
  }
}
