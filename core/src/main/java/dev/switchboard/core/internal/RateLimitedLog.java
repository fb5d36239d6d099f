package dev.switchboard.core.internal;

import org.slf4j.Logger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Log lines about misbehaving clients, at most one per interval: a client that sends a million bad
 * requests costs a counter increment each, not a million lines. Every call is counted; the line
 * that is written says how many were left out since the previous one. Arguments that a client
 * supplied are escaped with {@link LogSafe} before they reach the logger.
 *
 * <p>Threading: thread-safe; one instance per listener, shared by its connections.
 */
public final class RateLimitedLog {

  /** Default interval between two lines: {@value} ms. */
  public static final long DEFAULT_INTERVAL = 1_000;

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextLine;
  private final LongAdder events = new LongAdder();
  private final AtomicLong left = new AtomicLong();

  /**
   * @param log      where lines go
   * @param interval the least time between two lines, in milliseconds
   */
  public RateLimitedLog(Logger log, long interval) {
    this.log = log;
    this.intervalNanos = interval * 1_000_000;
    this.nextLine = new AtomicLong(System.nanoTime());
  }

  /**
   * Counts one event and writes its line at WARN unless a line was written less than an interval
   * ago.
   *
   * @param format an SLF4J format
   * @param args   its arguments, escaped with {@link LogSafe} (a last Throwable is kept as is)
   */
  public void warn(String format, Object... args) {
    log(true, format, args);
  }

  /**
   * Counts one event and writes its line at INFO unless a line was written less than an interval
   * ago.
   *
   * @param format an SLF4J format
   * @param args   its arguments, escaped with {@link LogSafe} (a last Throwable is kept as is)
   */
  public void info(String format, Object... args) {
    log(false, format, args);
  }

  private void log(boolean warn, String format, Object... args) {
    events.increment();
    long now = System.nanoTime();
    long next = nextLine.get();
    if (now - next < 0 || !nextLine.compareAndSet(next, now + intervalNanos)) {
      left.incrementAndGet();
      return;
    }
    if (warn ? !log.isWarnEnabled() : !log.isInfoEnabled()) {
      return;
    }
    Object[] safe = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      safe[i] = args[i] instanceof Throwable || args[i] instanceof Number ? args[i]
          : LogSafe.escape(args[i]);
    }
    long skipped = left.getAndSet(0);
    String line = skipped > 0 ? format + " ({} similar lines left out)" : format;
    Object[] lineArgs = skipped > 0 ? append(safe, skipped) : safe;
    if (warn) {
      log.warn(line, lineArgs);
    } else {
      log.info(line, lineArgs);
    }
  }

  private static Object[] append(Object[] args, long skipped) {
    Object[] all = new Object[args.length + 1];
    int throwable = args.length > 0 && args[args.length - 1] instanceof Throwable ? 1 : 0;
    System.arraycopy(args, 0, all, 0, args.length - throwable);
    all[args.length - throwable] = skipped;
    if (throwable == 1) {
      all[args.length] = args[args.length - 1];
    }
    return all;
  }

  /**
   * @return the events counted since this log was made, written or not
   */
  public long count() {
    return events.sum();
  }
}
