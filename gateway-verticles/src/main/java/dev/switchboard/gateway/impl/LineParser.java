package dev.switchboard.gateway.impl;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.function.Consumer;

/**
 * Splits a byte stream into lines ended by {@code \n}; a {@code \r} just before it is removed too,
 * so telnet-style clients work. A line longer than the maximum, newline included, is an error:
 * the parser reports it once and ignores everything after it.
 *
 * <p>Threading: not thread-safe; feed it from the connection's context.
 */
final class LineParser implements Handler<Buffer> {

  private final int maxLineSize;
  private final Consumer<Buffer> lineHandler;
  private final Consumer<String> errorHandler;
  private Buffer pending;
  private int scanned;
  private boolean failed;
  private boolean paused;

  /**
   * @param maxLineSize  the longest line accepted, its newline included
   * @param lineHandler  receives each line without its {@code \n} or {@code \r\n}
   * @param errorHandler receives the one error
   */
  LineParser(int maxLineSize, Consumer<Buffer> lineHandler, Consumer<String> errorHandler) {
    this.maxLineSize = maxLineSize;
    this.lineHandler = lineHandler;
    this.errorHandler = errorHandler;
  }

  /** Feeds bytes; hands over every complete line unless paused. */
  @Override
  public void handle(Buffer chunk) {
    if (failed) {
      return;
    }
    Buffer buf = pending == null ? chunk : pending.appendBuffer(chunk);
    int start = 0;
    int pos = pending == null ? 0 : scanned;
    try {
      int length = buf.length();
      while (!failed && !paused && pos < length) {
        if (buf.getByte(pos) == '\n') {
          int end = pos > start && buf.getByte(pos - 1) == '\r' ? pos - 1 : pos;
          Buffer line = buf.slice(start, end);
          start = ++pos;
          lineHandler.accept(line);
        } else if (++pos - start >= maxLineSize) {
          failed = true;
          errorHandler.accept("a line is longer than maxPackageSize " + maxLineSize
              + " bytes without a newline");
        }
      }
    } finally {
      if (failed || start == buf.length()) {
        pending = null;
        scanned = 0;
      } else {
        pending = buf.getBuffer(start, buf.length());
        scanned = pos - start;
      }
    }
  }

  /** Stops handing lines over until {@link #resume()}. */
  void pause() {
    paused = true;
  }

  /** Hands over the complete lines held, then the next ones as they arrive. */
  void resume() {
    if (paused) {
      paused = false;
      if (pending != null) {
        Buffer held = pending;
        pending = null;
        scanned = 0;
        handle(held);
      }
    }
  }

  /**
   * @return the bytes held: a line without its newline yet, and while paused the lines not
   *     handed over
   */
  int pendingBytes() {
    return pending == null ? 0 : pending.length();
  }
}
