package dev.switchboard.channel.server.impl;

import dev.switchboard.core.internal.FrameParser;
import dev.switchboard.core.internal.SendBuffer;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

/**
 * Back-pressure on a connection's input from the answers it is owed: reading stops while the send
 * buffer is full (answers written and not yet read by the client) or while too many answers are
 * still being worked out (a subscribe is acknowledged once the cluster confirmed it), and starts
 * again once both have gone down (the send buffer to half its maximum). A connection whose input
 * stays paused for its send buffer for longer than the paused-input timeout is reported stuck: a
 * client that sends requests and never reads is closed rather than held forever.
 *
 * <p>Threading: all methods on the connection's context.
 */
final class InputGate {

  /** Answers being worked out at most before reading stops. */
  static final int MAX_ANSWERS_IN_FLIGHT = 64;

  private final Vertx vertx;
  private final NetSocket socket;
  private final FrameParser parser;
  private final SendBuffer out;
  private final long pausedTimeout;
  private final Runnable stuck;
  private int inFlight;
  /** An {@code auth} is being decided: the requests after it wait for the decision. */
  private boolean held;
  private boolean paused;
  /** The send buffer was full and has not drained to half its maximum since. */
  private boolean bufferFull;
  private boolean closed;
  private long timer = -1;

  /**
   * @param pausedTimeout the longest time input may stay paused for a full send buffer, ms
   * @param stuck         run once when it stayed paused longer
   */
  InputGate(Vertx vertx, NetSocket socket, FrameParser parser, SendBuffer out,
      long pausedTimeout, Runnable stuck) {
    this.vertx = vertx;
    this.socket = socket;
    this.parser = parser;
    this.out = out;
    this.pausedTimeout = pausedTimeout;
    this.stuck = stuck;
  }

  /** One more answer is being worked out; {@link #answered()} when it is written. */
  void answering() {
    inFlight++;
  }

  /** An answer counted by {@link #answering()} is written (or given up). */
  void answered() {
    inFlight--;
    update();
  }

  /** An {@code auth} is being decided: no request is handed over until {@link #release()}. */
  void hold() {
    held = true;
  }

  /** The {@code auth} counted by {@link #hold()} is decided. */
  void release() {
    held = false;
    update();
  }

  /** The send buffer drained to half its maximum: reading may go on as far as it is concerned. */
  void drained() {
    bufferFull = false;
    update();
  }

  /**
   * Pauses or resumes reading after a frame was handled or an answer written.
   *
   * @return whether reading is paused now
   */
  boolean update() {
    if (closed) {
      return paused;
    }
    bufferFull |= out.full();
    boolean owed = bufferFull || held || inFlight >= MAX_ANSWERS_IN_FLIGHT;
    if (owed && !paused) {
      paused = true;
      parser.pause();
      socket.pause();
      armTimer();
    } else if (!owed && paused) {
      paused = false;
      vertx.cancelTimer(timer);
      parser.resume(); // hands over the held frames, which may pause again
      if (!paused) {
        socket.resume();
      }
    }
    return paused;
  }

  private void armTimer() {
    timer = vertx.setTimer(pausedTimeout, t -> {
      if (!paused || closed) {
        return;
      }
      if (bufferFull) {
        closed = true;
        stuck.run();
      } else {
        armTimer(); // paused for answers the cluster has not confirmed yet: wait for them
      }
    });
  }

  /** Stops the timer; the connection is closing. */
  void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }
}
