package dev.switchboard.bench.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GroupTally}, {@link ChannelTally} and {@link RestartLog} on made-up timelines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TallyTest {

  private static final long S = 1_000_000_000L;

  @Test
  void aRestartWindowRunsFromTheStopToSettleAfterReady() {
    RestartLog log = new RestartLog(20 * S);
    long before = System.nanoTime();
    log.stopping();
    assertThat(log.overlaps(before - 10 * S, before - 5 * S)).isFalse();
    assertThat(log.overlaps(before, System.nanoTime() + S)).isTrue(); // open-ended while down
    log.ready(2, 1234);
    RestartLog.Restart r = log.restarts().get(0);
    assertThat(r.node()).isEqualTo(2);
    assertThat(log.overlaps(r.readyNanos() + 19 * S, r.readyNanos() + 19 * S)).isTrue();
    assertThat(log.overlaps(r.readyNanos() + 21 * S, r.readyNanos() + 22 * S)).isFalse();
  }

  @Test
  void aGroupMemberMustGetTheSendsAnsweredWhileItWasAMemberOnce() {
    GroupTally tally = new GroupTally();
    long t0 = 1_000 * S;
    GroupTally.Interval interval = tally.joined("g0", t0);
    // before the join was confirmed: not expected, even when received
    tally.sent(GroupTally.key(0, 1), "g0", t0 - S);
    tally.answered(GroupTally.key(0, 1), true, t0 - S / 2);
    // expected and received, twice
    tally.sent(GroupTally.key(0, 2), "g0", t0 + S);
    tally.answered(GroupTally.key(0, 2), true, t0 + 2 * S);
    // expected and missed
    tally.sent(GroupTally.key(0, 3), "g0", t0 + 3 * S);
    tally.answered(GroupTally.key(0, 3), true, t0 + 4 * S);
    // another group: not expected
    tally.sent(GroupTally.key(1, 1), "g1", t0 + 3 * S);
    tally.answered(GroupTally.key(1, 1), true, t0 + 4 * S);
    // answered after the interval ended: not expected
    tally.sent(GroupTally.key(0, 4), "g0", t0 + 5 * S);
    tally.answered(GroupTally.key(0, 4), true, t0 + 7 * S);
    // failed: not expected
    tally.sent(GroupTally.key(0, 5), "g0", t0 + 5 * S);
    tally.answered(GroupTally.key(0, 5), false, t0 + 5 * S);
    interval.receive(GroupTally.key(0, 1));
    interval.receive(GroupTally.key(0, 2));
    interval.receive(GroupTally.key(0, 2));
    interval.end(t0 + 6 * S, false);

    GroupTally.Result r = tally.evaluate(t0 + 100 * S, new RestartLog(0));
    assertThat(r.expected()).isEqualTo(2);
    assertThat(r.delivered()).isEqualTo(1);
    assertThat(r.steadyLost()).isEqualTo(1);
    assertThat(r.restartLost()).isZero();
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.sendsOk()).isEqualTo(5);
    assertThat(r.sendsFailed()).isEqualTo(1);
    assertThat(r.steadyLossExamples()).singleElement().asString().startsWith("send 0:3 to g0");
  }

  @Test
  void aMissDuringARestartWindowIsCountedApart() {
    RestartLog restarts = new RestartLog(0);
    restarts.stopping();
    long during = System.nanoTime();
    restarts.ready(1, 1);
    GroupTally tally = new GroupTally();
    GroupTally.Interval interval = tally.joined("g0", during - 10 * S);
    tally.sent(GroupTally.key(0, 1), "g0", during);
    tally.answered(GroupTally.key(0, 1), true, during);
    interval.end(during + S / 2, true);
    GroupTally.Result r = tally.evaluate(during + 100 * S, restarts);
    assertThat(r.restartLost()).isEqualTo(1);
    assertThat(r.steadyLost()).isZero();
    assertThat(r.disconnects()).isEqualTo(1);
    assertThat(r.steadyDisconnects()).isZero();
  }

  @Test
  void aChannelSubscriberMustGetEveryAcknowledgedPublishOnceAndInOrder() {
    ChannelTally tally = new ChannelTally();
    ChannelTally.Subscriber sub = tally.subscriber(1);
    sub.subscribed(0);
    ChannelTally.Publisher pub = tally.publisher();
    for (int i = 1; i <= 5; i++) {
      int seq = pub.next(i * S);
      pub.done(seq, seq != 5, i * S + S / 10);
    }
    sub.receive(0, 1);
    sub.receive(0, 3);
    sub.receive(0, 2); // after a later one
    sub.receive(0, 3); // again
    sub.receive(0, 5); // its publish failed: allowed
    ChannelTally.Result r = tally.evaluate(new RestartLog(0));
    assertThat(r.publishes()).isEqualTo(5);
    assertThat(r.acked()).isEqualTo(4);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.expected()).isEqualTo(4);
    assertThat(r.delivered()).isEqualTo(3);
    assertThat(r.steadyLost()).isEqualTo(1);
    assertThat(r.reordered()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(r.deliveredUnacked()).isEqualTo(1);
  }

  @Test
  void globalDataHoldsBetweenAcknowledgedAndAcknowledgedPlusFailed() {
    assertThat(new CounterLoad.Result(10, 2, 11).holds()).isTrue();
    assertThat(new CounterLoad.Result(10, 2, 9).holds()).isFalse();
    assertThat(new CounterLoad.Result(10, 2, 9).lost()).isEqualTo(1);
    assertThat(new CounterLoad.Result(10, 2, 13).holds()).isFalse();
  }
}
