package dev.switchboard.channel.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer window's transcript: room taken, refused at the bound, given back by acks only. */
class PeerWindowTest {

  @Test
  void refusesAtTheBoundAndOpensOnlyOnAnAcknowledgement() {
    PeerWindow window = new PeerWindow("peer", 7, 100);
    assertThat(window.reserve(60)).isEqualTo(60);
    assertThat(window.reserve(60)).as("below the bound: one more message").isEqualTo(120);
    assertThat(window.reserve(1)).isEqualTo(PeerWindow.FULL);
    assertThat(window.inFlight()).isEqualTo(120);
    assertThat(window.droppedMessages()).isEqualTo(1);
    assertThat(window.droppedBytes()).isEqualTo(1);
    assertThat(window.ack(60)).isNull();
    assertThat(window.inFlight()).isEqualTo(60);
    assertThat(window.reserve(30)).isEqualTo(150);
    assertThat(window.toJson().getLong("peakInFlight")).isEqualTo(120);
    assertThat(window.toJson().getInteger("epoch")).isEqualTo(7);
  }

  @Test
  void badAcknowledgementsChangeNothing() {
    PeerWindow window = new PeerWindow("peer", 1, 100);
    window.reserve(50);
    assertThat(window.ack(20)).isNull();
    assertThat(window.ack(-1)).contains("negative");
    assertThat(window.ack(10)).contains("below the 20");
    assertThat(window.ack(51)).contains("beyond the 50");
    assertThat(window.inFlight()).isEqualTo(30);
    assertThat(window.ack(20)).as("the same count again is harmless").isNull();
    assertThat(window.ack(50)).isNull();
    assertThat(window.inFlight()).isZero();
  }

  @Test
  void aMessageLargerThanTheBoundPassesAnEmptyWindow() {
    PeerWindow window = new PeerWindow("peer", 1, 100);
    assertThat(window.reserve(500)).isEqualTo(500);
    assertThat(window.reserve(1)).isEqualTo(PeerWindow.FULL);
  }
}
