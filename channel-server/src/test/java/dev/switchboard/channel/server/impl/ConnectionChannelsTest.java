package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.ChannelException;
import dev.switchboard.channel.ChannelException.Reason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channels of one channel server connection as a transcript: what each subscribe adds, the
 * bound refusing a subscribe whole, what each unsubscribe forgets, and the server's counters.
 */
class ConnectionChannelsTest {

  private final ServerStats stats = new ServerStats();
  private final ConnectionChannels channels = new ConnectionChannels(stats, 3);
  private final List<String> transcript = new ArrayList<>();

  private void add(String... requested) {
    try {
      transcript.add("add " + List.of(requested) + ": " + channels.add(List.of(requested)));
    } catch (ChannelException e) {
      transcript.add("add " + List.of(requested) + ": " + e.reason());
    }
    counts();
  }

  private void forget(String... requested) {
    transcript.add("forget " + List.of(requested) + ": " + channels.forget(List.of(requested)));
    counts();
  }

  private void counts() {
    transcript.add("count " + channels.count() + ", server channels "
        + stats.toJson().getInteger("channels") + ", subscriptions "
        + stats.subscriptions.sum());
  }

  @Test
  void addsUpToTheBoundAndForgetsOnlyWhatItHolds() {
    add("a", "b");
    add("b", "c");
    add("c", "d"); // d would be the fourth: nothing is added
    forget("a", "z");
    add("d");
    assertThat(Set.copyOf(channels.forgetAll())).containsExactlyInAnyOrder("b", "c", "d");
    counts();

    assertThat(transcript).containsExactly(
        "add [a, b]: [a, b]",
        "count 2, server channels 2, subscriptions 2",
        "add [b, c]: [c]",
        "count 3, server channels 3, subscriptions 3",
        "add [c, d]: " + Reason.TOO_MANY_CHANNELS,
        "count 3, server channels 3, subscriptions 3",
        "forget [a, z]: [a]",
        "count 2, server channels 2, subscriptions 2",
        "add [d]: [d]",
        "count 3, server channels 3, subscriptions 3",
        "count 0, server channels 0, subscriptions 0");
  }
}
