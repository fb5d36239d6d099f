package dev.switchboard.core.internal;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines ended by {@code \n}; a {@code \r} just before it is removed too,
 * so telnet-style clients work. A line longer than the maximum, newline included, is an error:
 * the parser reports it once and ignores everything after it.
 *
 * <p>The work is linear in the bytes received: each byte is scanned once, and a line that arrives
 * in several chunks is kept as those chunks and copied once, when its newline comes (a line within
 * one chunk is a slice of it, not a copy).
 *
 * <p>Threading: not thread-safe; feed it from the connection's context.
 */
public final class LineParser implements Handler<Buffer> {

  private final int maxLineSize;
  private final Consumer<Buffer> lineHandler;
  private final Consumer<String> errorHandler;
  private final List<Buffer> partial = new ArrayList<>(); // the start of a line, scanned
  private int partialBytes;
  private final ArrayDeque<Buffer> held = new ArrayDeque<>(); // not scanned yet: while paused
  private int heldBytes;
  private boolean failed;
  private boolean paused;
  private boolean scanning;
  private long copied;

  /**
   * @param maxLineSize  the longest line accepted, its newline included
   * @param lineHandler  receives each line without its {@code \n} or {@code \r\n}
   * @param errorHandler receives the one error
   */
  public LineParser(int maxLineSize, Consumer<Buffer> lineHandler, Consumer<String> errorHandler) {
    this.maxLineSize = maxLineSize;
    this.lineHandler = lineHandler;
    this.errorHandler = errorHandler;
  }

  /** Feeds bytes; hands over every complete line unless paused. */
  @Override
  public void handle(Buffer chunk) {
    if (failed || chunk.length() == 0) {
      return;
    }
    if (paused || !held.isEmpty()) {
      hold(chunk, false);
      return;
    }
    scan(chunk);
  }

  /** Hands over the lines a chunk completes; keeps the rest, scanned or (once paused) not. */
  private void scan(Buffer chunk) {
    int length = chunk.length();
    int start = 0;
    scanning = true;
    try {
      for (int pos = 0; pos < length; pos++) {
        if (chunk.getByte(pos) == '\n') {
          Buffer line = line(chunk, start, pos);
          start = pos + 1;
          lineHandler.accept(line);
          if (failed) {
            return;
          }
          if (paused) {
            if (start < length) {
              hold(chunk.slice(start, length), true);
            }
            return;
          }
        } else if (partialBytes + pos - start + 1 >= maxLineSize) {
          fail();
          return;
        }
      }
      if (start < length) {
        partial.add(start == 0 ? chunk : chunk.slice(start, length));
        partialBytes += length - start;
      }
    } finally {
      scanning = false;
    }
  }

  /**
   * @return the line ending at the newline at {@code newline} of the chunk, without it (and
   *     without a {@code \r} before it)
   */
  private Buffer line(Buffer chunk, int start, int newline) {
    Buffer line;
    if (partial.isEmpty()) {
      line = chunk.slice(start, newline);
    } else {
      int size = partialBytes + newline - start;
      line = Buffer.buffer(size);
      for (Buffer part : partial) {
        line.appendBuffer(part);
      }
      line.appendBuffer(chunk, start, newline - start);
      copied += size;
      partial.clear();
      partialBytes = 0;
    }
    int end = line.length();
    return end > 0 && line.getByte(end - 1) == '\r' ? line.slice(0, end - 1) : line;
  }

  private void hold(Buffer bytes, boolean first) {
    if (first) {
      held.addFirst(bytes);
    } else {
      held.addLast(bytes);
    }
    heldBytes += bytes.length();
  }

  private void fail() {
    failed = true;
    partial.clear();
    partialBytes = 0;
    held.clear();
    heldBytes = 0;
    errorHandler.accept("a line is longer than maxPackageSize " + maxLineSize
        + " bytes without a newline");
  }

  /** Stops handing lines over until {@link #resume()}. */
  public void pause() {
    paused = true;
  }

  /** Hands over the complete lines held, then the next ones as they arrive. */
  public void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    if (scanning) {
      return; // resumed from a line handler: the scan going on carries on
    }
    while (!paused && !failed && !held.isEmpty()) {
      Buffer next = held.poll();
      heldBytes -= next.length();
      scan(next);
    }
  }

  /**
   * @return the bytes held: a line without its newline yet, and while paused the lines not
   *     handed over
   */
  public int pendingBytes() {
    return partialBytes + heldBytes;
  }

  /**
   * @return the bytes copied so far to join lines that arrived in several chunks (for the tests:
   *     at most the bytes received)
   */
  long copiedBytes() {
    return copied;
  }
}
