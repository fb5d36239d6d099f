package dev.switchboard.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admission of one listener's TCP connections: at most {@code maxConnections} at a time, at
 * most {@code maxPerAddress} from one remote address, and none while the process is short of
 * file descriptors (fewer than {@link #DESCRIPTOR_RESERVE} or a tenth of its limit free), so
 * that a flood of sockets is refused while the connections already open, and every other port of
 * the node, go on being served. A connection counts from its admission (before any handshake)
 * until its {@link #release}.
 *
 * <p>Threading: any thread.
 */
public final class ConnectionLimits {

  /** The fewest file descriptors kept free for what the process already serves. */
  public static final int DESCRIPTOR_RESERVE = 64;
  private static final long SAMPLE_PERIOD_NANOS = 100_000_000;
  private static final DescriptorGauge DESCRIPTORS = new DescriptorGauge();

  static {
    // loaded now: loading a class may open a file, which fails when descriptors have run out
    Refusal.values();
    LogSafe.escape(""); // refusals are logged through RateLimitedLog, which escapes with it
  }

  /** Why a connection was refused. */
  public enum Refusal {
    /** {@code maxConnections} are open. */
    MAX_CONNECTIONS("maxConnections"),
    /** {@code maxConnectionsPerAddress} are open from the connection's address. */
    MAX_PER_ADDRESS("maxConnectionsPerAddress"),
    /** The process is short of file descriptors. */
    DESCRIPTORS("file descriptors low");

    private final String limit;

    Refusal(String limit) {
      this.limit = limit;
    }

    /** @return the limit reached, for a log line */
    public String limit() {
      return limit;
    }
  }

  private final int maxConnections;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

  /**
   * @param maxConnections the most connections at a time, positive
   * @param maxPerAddress  the most connections from one address, 0 for no such limit
   */
  public ConnectionLimits(int maxConnections, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Counts a new connection when every limit allows it.
   *
   * @param address the remote host address, or null to count the connection toward
   *                {@code maxConnections} only
   * @return null when admitted (release it once closed), otherwise why it is refused (it is not
   *     counted)
   */
  public Refusal admit(String address) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return Refusal.MAX_CONNECTIONS;
    }
    if (maxPerAddress > 0 && address != null) {
      boolean[] over = new boolean[1];
      perAddress.compute(address, (a, count) -> {
        int next = count == null ? 1 : count + 1;
        over[0] = next > maxPerAddress;
        return over[0] ? count : Integer.valueOf(next);
      });
      if (over[0]) {
        open.decrementAndGet();
        return Refusal.MAX_PER_ADDRESS;
      }
    }
    if (DESCRIPTORS.low()) {
      release(address);
      return Refusal.DESCRIPTORS;
    }
    return null;
  }

  /**
   * Uncounts an admitted connection; once per admission.
   *
   * @param address the remote host address it was admitted with (null: none)
   */
  public void release(String address) {
    open.decrementAndGet();
    if (maxPerAddress > 0 && address != null) {
      perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
  }

  /** @return the connections admitted and not released */
  public int open() {
    return open.get();
  }

  /**
   * The process's open file descriptors, sampled at most every 100 ms (counting them lists
   * {@code /proc/self/fd}), plus the connections admitted by any listener since the sample; on a
   * platform that does not count them, never low.
   */
  private static final class DescriptorGauge {

    private final com.sun.management.UnixOperatingSystemMXBean os;
    private final AtomicLong sampledAt = new AtomicLong(System.nanoTime() - SAMPLE_PERIOD_NANOS);
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong since = new AtomicLong();

    DescriptorGauge() {
      OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
      os = bean instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix : null;
    }

    boolean low() {
      if (os == null) {
        return false;
      }
      long now = System.nanoTime();
      long last = sampledAt.get();
      long max = os.getMaxFileDescriptorCount();
      if (now - last >= SAMPLE_PERIOD_NANOS && sampledAt.compareAndSet(last, now)) {
        sampled.set(count(max));
        since.set(0);
      }
      long reserve = Math.max(DESCRIPTOR_RESERVE, max / 10);
      return sampled.get() + since.incrementAndGet() > max - reserve;
    }

    private long count(long max) {
      try {
        return os.getOpenFileDescriptorCount();
      } catch (InternalError | RuntimeException e) {
        // counting opens /proc/self/fd: it fails when no descriptor is left, which is low
        return max;
      }
    }
  }
}
