package dev.switchboard.core;

/** What a server does with a message for a receiver whose send buffer is full. */
public enum OverflowPolicy {
  /** Drop the message and count it; the receiver stays connected (Workerman's behaviour). */
  DROP,
  /** Disconnect the slow receiver (reason {@code SLOW_CONSUMER}) and count it. */
  CLOSE
}
