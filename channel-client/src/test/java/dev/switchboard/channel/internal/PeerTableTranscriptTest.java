package dev.switchboard.channel.internal;

import dev.switchboard.channel.ChannelAddresses;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's table of its peers through one membership story, as a transcript: after each step,
 * the peers (unsynced ones marked), where an event of each channel goes, and the counters other
 * threads read.
 */
class PeerTableTranscriptTest {

  private static final List<String> CHANNELS = List.of("x", "y", "z");

  private final PeerTable peers = new PeerTable();
  private final List<String> transcript = new ArrayList<>();

  private void step(String what, Object result) {
    StringBuilder line = new StringBuilder(what).append(" -> ").append(result).append(" |");
    for (String peer : new TreeSet<>(peers.peers())) {
      line.append(' ').append(peer).append(peers.synced(peer) ? "" : "?");
    }
    line.append(" |");
    for (String channel : CHANNELS) {
      String[] nodes = Arrays.stream(peers.eventAddressesFor(channel))
          .map(ChannelAddresses::nodeOfEvents).sorted().toArray(String[]::new);
      if (nodes.length > 0) {
        line.append(' ').append(channel).append('=').append(String.join(",", nodes));
      }
    }
    line.append(" | peers=").append(peers.size()).append(" unsynced=")
        .append(peers.unsyncedCount()).append(" remote=").append(peers.remoteChannels());
    transcript.add(line.toString());
  }

  @Test
  void membershipStory() {
    step("interest from stranger a", interested("a", "x"));
    step("hello to b unanswered", peers.addUnsynced("b"));
    step("interest of unsynced b", interested("b", "x"));
    step("b answers a hello", peers.sync("b", List.of("y")));
    step("hello from c", peers.sync("c", List.of("y", "z")));
    step("c adds x", interested("c", "x"));
    step("c drops y", notInterested("c", "y"));
    step("hello to b unanswered again", peers.addUnsynced("b"));
    step("b says bye", peers.remove("b"));
    step("b says bye twice", peers.remove("b"));
    step("c resyncs", peers.sync("c", List.of("x")));

    assertThat(transcript).containsExactly(
        "interest from stranger a -> ignored | | | peers=0 unsynced=0 remote=0",
        "hello to b unanswered -> true | b? | | peers=1 unsynced=1 remote=0",
        "interest of unsynced b -> done | b? | x=b | peers=1 unsynced=1 remote=1",
        "b answers a hello -> false | b | y=b | peers=1 unsynced=0 remote=1",
        "hello from c -> true | b c | y=b,c z=c | peers=2 unsynced=0 remote=2",
        "c adds x -> done | b c | x=c y=b,c z=c | peers=2 unsynced=0 remote=3",
        "c drops y -> done | b c | x=c y=b z=c | peers=2 unsynced=0 remote=3",
        "hello to b unanswered again -> false | b c | x=c y=b z=c | peers=2 unsynced=0 remote=3",
        "b says bye -> true | c | x=c z=c | peers=1 unsynced=0 remote=2",
        "b says bye twice -> false | c | x=c z=c | peers=1 unsynced=0 remote=2",
        "c resyncs -> false | c | x=c | peers=1 unsynced=0 remote=1");
  }

  private String interested(String peer, String channel) {
    boolean known = peers.known(peer);
    peers.interested(peer, List.of(channel));
    return known ? "done" : "ignored";
  }

  private String notInterested(String peer, String channel) {
    peers.notInterested(peer, List.of(channel));
    return "done";
  }
}
