package dev.switchboard.channel.impl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The liveness of the remote channel client's connection as a transcript: a ping once nothing
 * was received or nothing was sent for the ping interval, the connection dead once nothing was
 * received for the interval plus the pong timeout, boundaries exact.
 */
class ServerLivenessTest {

  private final List<String> transcript = new ArrayList<>();

  private void check(ServerLiveness liveness, long now) {
    transcript.add(now + ": " + liveness.check(now));
  }

  @Test
  void pingsAQuietConnectionAndGivesUpOnASilentOne() {
    ServerLiveness liveness = new ServerLiveness(1000, 500);
    liveness.received(10_000);
    liveness.sent(10_000);
    check(liveness, 10_999);
    check(liveness, 11_000); // silent for exactly the interval
    liveness.sent(11_000);
    check(liveness, 11_499); // still silent: pinged again
    check(liveness, 11_500); // silent for exactly the interval plus the pong timeout
    liveness.received(11_500);
    check(liveness, 11_999);
    check(liveness, 12_000); // receiving, but nothing sent for the interval

    assertThat(transcript).containsExactly(
        "10999: FINE",
        "11000: PING",
        "11499: PING",
        "11500: DEAD",
        "11999: FINE",
        "12000: PING");
    assertThat(liveness.silence(12_000)).isEqualTo(500);
  }

  @Test
  void noPingIntervalMeansNoPingsAndNoDeath() {
    ServerLiveness liveness = new ServerLiveness(0, 500);
    liveness.received(0);
    check(liveness, 1_000_000);

    assertThat(transcript).containsExactly("1000000: FINE");
  }
}
