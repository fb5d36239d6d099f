package dev.switchboard.channel.impl;

import dev.switchboard.core.internal.Backoff;
import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server rotation of the remote channel client as a transcript: the next server after each
 * failure, the moment every server has failed since the last ready connection, and delays that
 * grow until a connection is ready.
 */
class ServerRotationTest {

  private static final List<HostAndPort> SERVERS = List.of(HostAndPort.create("a", 1),
      HostAndPort.create("b", 2), HostAndPort.create("c", 3));

  private final List<String> transcript = new ArrayList<>();

  private void fail(ServerRotation rotation) {
    String failed = rotation.current().host();
    boolean all = rotation.failed();
    transcript.add(failed + " failed, next " + rotation.current().host() + (all ? ": all failed"
        : ""));
  }

  @Test
  void triesTheServersInTurnAndSaysWhenEachFailedSinceTheLastReadyConnection() {
    ServerRotation rotation = new ServerRotation(SERVERS, new Backoff(100, 1000));
    transcript.add("first " + rotation.current().host());
    fail(rotation);
    fail(rotation);
    fail(rotation);
    fail(rotation);
    rotation.ready();
    transcript.add("ready on " + rotation.current().host());
    fail(rotation);
    fail(rotation);
    fail(rotation);

    assertThat(transcript).containsExactly(
        "first a",
        "a failed, next b",
        "b failed, next c",
        "c failed, next a: all failed",
        "a failed, next b: all failed",
        "ready on b",
        "b failed, next c",
        "c failed, next a",
        "a failed, next b: all failed");
  }

  @Test
  void aSingleServerIsTriedAgainAndFailsTheRoundAtOnce() {
    ServerRotation rotation = new ServerRotation(List.of(HostAndPort.create("a", 1)),
        new Backoff(100, 1000));
    fail(rotation);
    fail(rotation);

    assertThat(transcript).containsExactly("a failed, next a: all failed",
        "a failed, next a: all failed");
  }

  @Test
  void delaysGrowToTheCapAndStartAgainOnceAConnectionIsReady() {
    ServerRotation rotation = new ServerRotation(SERVERS, new Backoff(100, 1000));
    for (long ceiling : new long[] {100, 200, 400, 800, 1000, 1000}) {
      assertThat(rotation.nextDelay()).isBetween(ceiling / 2, ceiling);
    }
    rotation.ready();

    assertThat(rotation.nextDelay()).isBetween(50L, 100L);
  }
}
