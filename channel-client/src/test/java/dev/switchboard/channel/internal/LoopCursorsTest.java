package dev.switchboard.channel.internal;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LoopCursorsTest {

  @Test
  void eachChannelTakesItsOwnTurnsRoundTheChoices() {
    LoopCursors cursors = new LoopCursors();
    List<Integer> jobs = new ArrayList<>();
    List<Integer> news = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(cursors.next("jobs", 3));
      news.add(cursors.next("news", 2));
    }
    assertThat(jobs).containsExactly(0, 1, 2, 0, 1, 2);
    assertThat(news).containsExactly(0, 1, 0, 1, 0, 1);
    // fewer choices now (a subscriber left): still within them
    assertThat(cursors.next("jobs", 2)).isBetween(0, 1);
  }

  @Test
  void deliverOneHandsEachEventToTheNextSubscriber() {
    List<String> got = new ArrayList<>();
    Subscriber a = d -> got.add("a");
    Subscriber b = d -> got.add("b");
    LocalSubscribers.Entry entry = new LocalSubscribers.Entry(new Subscriber[] {a}, null).with(b);
    LoopCursors cursors = new LoopCursors();
    for (int i = 0; i < 4; i++) {
      cursors.deliverOne(entry, new Delivery("jobs", Buffer.buffer()));
    }
    assertThat(got).containsExactly("a", "b", "a", "b");
  }

  @Test
  void pastTheBoundTheCursorsStartAgain() {
    LoopCursors cursors = new LoopCursors();
    cursors.next("first", 5);
    for (int i = 0; i < LoopCursors.MAX_CHANNELS; i++) {
      cursors.next("c" + i, 2);
    }
    // "first" was forgotten with the others when the map was full: it starts again from 0
    assertThat(cursors.next("first", 5)).isZero();
  }
}
