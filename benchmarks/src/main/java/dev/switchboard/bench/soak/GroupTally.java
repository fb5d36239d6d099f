package dev.switchboard.bench.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the group clients did: every group send (start, answer, outcome) and every membership
 * interval of a client (from the {@code joined} answer until it sent {@code leave} or its
 * connection closed) with what it received meanwhile. {@link #evaluate} then says, per interval,
 * which sends it should have received: those answered {@code ok} that started after the join was
 * confirmed and were answered before the interval ended ({@code Gateway.joinGroup}: "a send made
 * anywhere afterwards finds the member").
 *
 * <p>Thread-safe: every method is synchronized on this object or on the interval.
 */
final class GroupTally {

  /** A key: sender number in the high bits, its sequence number in the low 40 bits. */
  static long key(int sender, long seq) {
    return ((long) sender << 40) | seq;
  }

  private static int sender(long key) {
    return (int) (key >>> 40);
  }

  private static long seq(long key) {
    return key & ((1L << 40) - 1);
  }

  /** One group send. */
  static final class Send {
    private final long key;
    private final String group;
    private final long startNanos;
    private long answerNanos = -1;
    private boolean ok;

    Send(long key, String group, long startNanos) {
      this.key = key;
      this.group = group;
      this.startNanos = startNanos;
    }
  }

  /** One membership interval of one client; its methods are called on the client's context. */
  static final class Interval {
    private final String group;
    private final long joinedNanos;
    private long endNanos = Long.MAX_VALUE;
    private boolean disconnected;
    private final Set<Long> received = new HashSet<>();
    private final Map<Integer, Long> lastSeq = new HashMap<>();
    private long duplicates;
    private long reordered;

    Interval(String group, long joinedNanos) {
      this.group = group;
      this.joinedNanos = joinedNanos;
    }

    String group() {
      return group;
    }

    synchronized void receive(long key) {
      if (!received.add(key)) {
        duplicates++;
        return;
      }
      Long last = lastSeq.get(sender(key));
      if (last != null && seq(key) < last) {
        reordered++;
      } else {
        lastSeq.put(sender(key), seq(key));
      }
    }

    synchronized void end(long nanos, boolean byDisconnect) {
      if (endNanos == Long.MAX_VALUE) {
        endNanos = nanos;
        disconnected = byDisconnect;
      }
    }
  }

  /** The outcome, split into what overlapped a restart's window and the steady state. */
  record Result(long sends, long sendsOk, long sendsFailed, long sendsUnanswered,
                long intervals, long disconnects, long steadyDisconnects, long expected,
                long delivered, long steadyLost, long restartLost, long duplicates,
                long reordered, List<String> steadyLossExamples) {
  }

  private final Map<Long, Send> sends = new HashMap<>();
  private final List<Interval> intervals = new ArrayList<>();

  synchronized void sent(long key, String group, long startNanos) {
    sends.put(key, new Send(key, group, startNanos));
  }

  synchronized void answered(long key, boolean ok, long nanos) {
    Send send = sends.get(key);
    if (send != null) {
      send.answerNanos = nanos;
      send.ok = ok;
    }
  }

  synchronized Interval joined(String group, long nanos) {
    Interval interval = new Interval(group, nanos);
    intervals.add(interval);
    return interval;
  }

  /**
   * @param endNanos the end of the load: intervals still open end there
   * @param restarts the restarts' windows
   * @return the counts
   */
  synchronized Result evaluate(long endNanos, RestartLog restarts) {
    Map<String, List<Send>> byGroup = new HashMap<>();
    long ok = 0;
    long failed = 0;
    long unanswered = 0;
    for (Send s : sends.values()) {
      if (s.answerNanos < 0) {
        unanswered++;
      } else if (s.ok) {
        ok++;
        byGroup.computeIfAbsent(s.group, g -> new ArrayList<>()).add(s);
      } else {
        failed++;
      }
    }
    byGroup.values().forEach(l -> l.sort(Comparator.comparingLong(s -> s.startNanos)));
    Deliveries deliveries = new Deliveries(restarts);
    long duplicates = 0;
    long reordered = 0;
    long disconnects = 0;
    long steadyDisconnects = 0;
    for (Interval interval : intervals) {
      synchronized (interval) {
        long end = Math.min(interval.endNanos, endNanos);
        duplicates += interval.duplicates;
        reordered += interval.reordered;
        if (interval.disconnected) {
          disconnects++;
          if (!restarts.overlaps(end - Deliveries.SLACK_MS * 1_000_000, end)) {
            steadyDisconnects++;
          }
        }
        for (Send s : byGroup.getOrDefault(interval.group, List.of())) {
          if (s.startNanos <= interval.joinedNanos) {
            continue;
          }
          if (s.startNanos > end) {
            break;
          }
          if (s.answerNanos >= end) {
            continue;
          }
          deliveries.expect(interval.received.contains(s.key), s.startNanos, s.answerNanos,
              () -> "send " + sender(s.key) + ":" + seq(s.key) + " to " + s.group
                  + " (answered " + (s.answerNanos - s.startNanos) / 1_000_000 + " ms after it "
                  + "started, " + (s.startNanos - interval.joinedNanos) / 1_000_000
                  + " ms after the join was confirmed, " + (end - s.answerNanos) / 1_000_000
                  + " ms before the interval ended" + (interval.disconnected ? " by a disconnect"
                  : "") + ")");
        }
      }
    }
    return new Result(sends.size(), ok, failed, unanswered, intervals.size(), disconnects,
        steadyDisconnects, deliveries.expected(), deliveries.delivered(), deliveries.steadyLost(),
        deliveries.restartLost(), duplicates, reordered, deliveries.examples());
  }
}
