package dev.switchboard.channel.internal;

import dev.switchboard.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer window's hold: a publish's acknowledgement waits while the window is past its mark, and
 * goes when an acknowledgement of the peer brings it back under, when the peer is forgotten, or
 * when the peer kept it past the mark for the time bound (then nothing is held until it comes
 * back under, and the window's bound refuses as before).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerHoldTest {

  @Test
  void theMarkIsHalfASmallBoundAndAtMost128KiB() {
    assertThat(new PeerHold(null, 100).mark()).isEqualTo(50);
    assertThat(new PeerHold(null, 4L << 20).mark()).isEqualTo(PeerHold.HOLD_BYTES);
    assertThat(new PeerHold(null, 1).mark()).isEqualTo(1);
  }

  @Test
  void heldPastTheMarkUntilAnAcknowledgementBringsItBackUnder() {
    PeerWindow window = new PeerWindow("peer", 1, 100); // mark 50
    window.reserve(40);
    assertThat(window.room().isComplete()).as("under the mark").isTrue();
    window.reserve(20);
    Future<Void> first = window.room();
    Future<Void> second = window.room();
    assertThat(first.isComplete()).as("60 bytes in flight, past the mark").isFalse();
    assertThat(window.ack(5)).isNull();
    assertThat(first.isComplete()).as("55 in flight: still past it").isFalse();
    assertThat(window.ack(20)).isNull();
    assertThat(first.succeeded()).as("40 in flight").isTrue();
    assertThat(second.succeeded()).isTrue();
    window.reserve(30);
    assertThat(window.room().isComplete()).as("held again past the mark").isFalse();
    assertThat(window.toJson().getLong("heldAcks")).isEqualTo(3);
  }

  @Test
  void aBadAcknowledgementReleasesNothing() {
    PeerWindow window = new PeerWindow("peer", 1, 100);
    window.reserve(80);
    Future<Void> held = window.room();
    assertThat(window.ack(81)).contains("beyond");
    assertThat(window.ack(-1)).contains("negative");
    assertThat(held.isComplete()).isFalse();
  }

  @Test
  void aForgottenPeerReleasesEverythingAndHoldsNoMore() {
    PeerWindow window = new PeerWindow("peer", 1, 100);
    window.reserve(80);
    Future<Void> held = window.room();
    window.close();
    assertThat(held.succeeded()).isTrue();
    assertThat(window.room().isComplete()).isTrue();
  }

  @Test
  void aPeerPastTheMarkForTheTimeBoundIsNoLongerWaitedFor() {
    Vertx vertx = Vertx.vertx();
    try {
      PeerWindow window = new PeerWindow("peer", 1, 100, vertx);
      window.reserve(80);
      Future<Void> held = window.room();
      long start = System.nanoTime();
      Await.result(held, Duration.ofSeconds(10), "the hold's time bound");
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(PeerHold.MAX_HOLD_MS - 50));
      assertThat(window.room().isComplete()).as("overdue: not held").isTrue();
      window.reserve(30);
      assertThat(window.reserve(1)).as("the bound still refuses").isEqualTo(PeerWindow.FULL);
      assertThat(window.toJson().getLong("holdsOverdue")).isEqualTo(1);
      assertThat(window.ack(100)).isNull();
      window.reserve(60);
      assertThat(window.room().isComplete()).as("back under: held again").isFalse();
    } finally {
      Await.result(vertx.close(), Duration.ofSeconds(10), "closing Vert.x");
    }
  }
}
