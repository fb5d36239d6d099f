package dev.switchboard.bench.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What the channel publishers and subscribers of the soak did. A publisher records each publish
 * (start, acknowledgement, outcome) by sequence number; a subscriber records, per publisher, which
 * sequence numbers it received, how many came twice and how many came after a higher one.
 * {@link #evaluate} expects every acknowledged publish that started after the subscription was
 * confirmed at every subscriber, once and in order ({@code docs/channel.md}: at most once, in
 * publish order per publisher); a miss whose publish overlaps a restart's window is counted apart
 * (a node's events in flight are lost by design, a subscriber's re-subscription takes a moment).
 *
 * <p>Thread-safe: synchronized on this object and on each record.
 */
final class ChannelTally {

  /** One publisher's publishes. */
  static final class Publisher {
    private long[] start = new long[1024];
    private long[] acked = new long[1024];
    private byte[] outcome = new byte[1024]; // 0 pending, 1 ok, 2 failed
    private int count;

    synchronized int next(long nanos) {
      if (count + 1 >= start.length) {
        start = Arrays.copyOf(start, start.length * 2);
        acked = Arrays.copyOf(acked, acked.length * 2);
        outcome = Arrays.copyOf(outcome, outcome.length * 2);
      }
      count++;
      start[count] = nanos;
      return count;
    }

    synchronized void done(int seq, boolean ok, long nanos) {
      acked[seq] = nanos;
      outcome[seq] = (byte) (ok ? 1 : 2);
    }
  }

  /** One subscriber's view of every publisher. */
  static final class Subscriber {
    private final BitSet[] received;
    private final int[] highest;
    private long subscribedNanos = Long.MAX_VALUE;
    private long duplicates;
    private long reordered;

    Subscriber(int publishers) {
      received = new BitSet[publishers];
      highest = new int[publishers];
      for (int i = 0; i < publishers; i++) {
        received[i] = new BitSet();
      }
    }

    synchronized void subscribed(long nanos) {
      subscribedNanos = Math.min(subscribedNanos, nanos);
    }

    synchronized void receive(int publisher, int seq) {
      if (received[publisher].get(seq)) {
        duplicates++;
        return;
      }
      received[publisher].set(seq);
      if (seq < highest[publisher]) {
        reordered++;
      }
      highest[publisher] = Math.max(highest[publisher], seq);
    }
  }

  /** The outcome. */
  record Result(long publishes, long acked, long failed, long pending, long expected,
                long delivered, long steadyLost, long restartLost, long duplicates,
                long reordered, long deliveredUnacked, List<String> steadyLossExamples) {
  }

  private final List<Publisher> publishers = new ArrayList<>();
  private final List<Subscriber> subscribers = new ArrayList<>();

  synchronized Publisher publisher() {
    Publisher p = new Publisher();
    publishers.add(p);
    return p;
  }

  synchronized Subscriber subscriber(int publisherCount) {
    Subscriber s = new Subscriber(publisherCount);
    subscribers.add(s);
    return s;
  }

  /**
   * @param restarts the restarts' windows
   * @return the counts
   */
  synchronized Result evaluate(RestartLog restarts) {
    long publishes = 0;
    long acked = 0;
    long failed = 0;
    long pending = 0;
    for (Publisher p : publishers) {
      synchronized (p) {
        publishes += p.count;
        for (int seq = 1; seq <= p.count; seq++) {
          switch (p.outcome[seq]) {
            case 1 -> acked++;
            case 2 -> failed++;
            default -> pending++;
          }
        }
      }
    }
    Deliveries deliveries = new Deliveries(restarts);
    long duplicates = 0;
    long reordered = 0;
    long deliveredUnacked = 0;
    for (int si = 0; si < subscribers.size(); si++) {
      Subscriber s = subscribers.get(si);
      synchronized (s) {
        duplicates += s.duplicates;
        reordered += s.reordered;
        for (int pi = 0; pi < publishers.size(); pi++) {
          Publisher p = publishers.get(pi);
          synchronized (p) {
            for (int seq = 1; seq <= p.count; seq++) {
              boolean got = s.received[pi].get(seq);
              if (p.outcome[seq] != 1) {
                deliveredUnacked += got ? 1 : 0;
                continue;
              }
              if (p.start[seq] <= s.subscribedNanos) {
                continue;
              }
              int pub = pi;
              int sub = si;
              int n = seq;
              deliveries.expect(got, p.start[seq], p.acked[seq], () -> "publisher " + pub
                  + " seq " + n + " at subscriber " + sub + " (acknowledged "
                  + (p.acked[n] - p.start[n]) / 1_000_000 + " ms after it started)");
            }
          }
        }
      }
    }
    return new Result(publishes, acked, failed, pending, deliveries.expected(),
        deliveries.delivered(), deliveries.steadyLost(), deliveries.restartLost(), duplicates,
        reordered, deliveredUnacked, deliveries.examples());
  }
}
