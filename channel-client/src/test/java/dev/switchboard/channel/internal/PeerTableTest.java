package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerTableTest {

  private final PeerTable peers = new PeerTable();

  @Test
  void aHelloAnswerSetsExactlyThePeersChannels() {
    assertThat(peers.sync("b", List.of("x", "y"))).isTrue();
    assertThat(peers.sync("b", List.of("y", "z"))).isFalse();
    assertThat(peers.eventAddressesFor("x")).isEmpty();
    assertThat(peers.eventAddressesFor("y")).containsExactly(ChannelAddresses.events("b"));
    assertThat(peers.eventAddressesFor("z")).containsExactly(ChannelAddresses.events("b"));
    assertThat(peers.remoteChannels()).isEqualTo(2);
  }

  @Test
  void aPeerWhoseHelloTimedOutStaysUnsyncedUntilItsChannelsAreKnown() {
    assertThat(peers.addUnsynced("b")).isTrue();
    assertThat(peers.known("b")).isTrue();
    assertThat(peers.synced("b")).isFalse();
    assertThat(peers.unsynced()).containsExactly("b");
    assertThat(peers.unsyncedCount()).isEqualTo(1);

    peers.sync("b", List.of("y"));
    assertThat(peers.synced("b")).isTrue();
    assertThat(peers.unsyncedCount()).isZero();
    assertThat(peers.addUnsynced("b")).isFalse();
    assertThat(peers.synced("b")).isTrue();
    assertThat(peers.size()).isEqualTo(1);
  }

  @Test
  void interestOfANodeThatIsNotAPeerIsIgnoredAndRemovalForgetsEverything() {
    peers.interested("gone", List.of("late"));
    assertThat(peers.known("gone")).isFalse();
    assertThat(peers.eventAddressesFor("late")).isEmpty();

    peers.addUnsynced("b");
    peers.interested("b", List.of("x"));
    assertThat(peers.remove("b")).isTrue();
    assertThat(peers.remove("b")).isFalse();
    assertThat(peers.eventAddressesFor("x")).isEmpty();
    assertThat(peers.size()).isZero();
    assertThat(peers.unsyncedCount()).isZero();
  }
}
