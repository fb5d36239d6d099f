package dev.switchboard.channel.server.impl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueStateTest {

  private static QueueState.Item item(int n) {
    return new QueueState.Item("id-" + n, Integer.toString(n), 0);
  }

  @Test
  void itemsAreTakenOldestFirstAndCountTheirDeliveries() {
    QueueState state = new QueueState();
    for (int i = 0; i < 3; i++) {
      assertThat(state.add(item(i), 10)).isEqualTo(QueueState.Added.ADDED);
    }
    assertThat(state.take("m/1").id()).isEqualTo("id-0");
    QueueState.Item second = state.take("m/2");
    assertThat(second.id()).isEqualTo("id-1");
    assertThat(second.deliveries()).isEqualTo(1);
    assertThat(state.readyCount()).isEqualTo(1);
    assertThat(state.heldCount()).isEqualTo(2);
  }

  @Test
  void aFullQueueRefusesAndHeldItemsCountTowardsTheLength() {
    QueueState state = new QueueState();
    state.add(item(0), 2);
    state.add(item(1), 2);
    state.take("m/1");
    assertThat(state.add(item(2), 2)).isEqualTo(QueueState.Added.FULL);
    assertThat(state.settle("id-0", "m/1", true)).isTrue();
    assertThat(state.add(item(2), 2)).isEqualTo(QueueState.Added.ADDED);
  }

  @Test
  void anItemAddedTwiceIsStoredOnce() {
    QueueState state = new QueueState();
    state.add(item(0), 5);
    assertThat(state.add(item(0), 5)).isEqualTo(QueueState.Added.DUPLICATE);
    assertThat(state.readyCount()).isEqualTo(1);
  }

  @Test
  void onlyItsHolderSettlesAnItemAndANackPutsItAtTheHead() {
    QueueState state = new QueueState();
    state.add(item(0), 5);
    state.add(item(1), 5);
    state.take("m/1");
    assertThat(state.settle("id-0", "m/2", true)).isFalse();
    assertThat(state.settle("id-9", "m/1", true)).isFalse();
    assertThat(state.settle("id-0", "m/1", false)).isTrue();
    QueueState.Item again = state.take("m/2");
    assertThat(again.id()).isEqualTo("id-0");
    assertThat(again.deliveries()).isEqualTo(2);
    assertThat(state.settle("id-0", "m/1", true)).isFalse();
    assertThat(state.settle("id-0", "m/2", true)).isTrue();
    assertThat(state.take("m/2").id()).isEqualTo("id-1");
    assertThat(state.settle("id-1", "m/2", true)).isTrue();
    assertThat(state.isEmpty()).isTrue();
  }

  @Test
  void releasedItemsGoBackInTakeOrderBeforeTheRest() {
    QueueState state = new QueueState();
    for (int i = 0; i < 4; i++) {
      state.add(item(i), 10);
    }
    state.take("a/1");
    state.take("b/1");
    state.take("a/2");
    assertThat(state.release(holder -> QueueOp.memberOf(holder).equals("a"))).isEqualTo(2);
    assertThat(state.take("c/1").id()).isEqualTo("id-0");
    assertThat(state.take("c/1").id()).isEqualTo("id-2");
    assertThat(state.take("c/1").id()).isEqualTo("id-3");
    assertThat(state.take("c/1")).isNull();
    assertThat(state.heldCount()).isEqualTo(4);
  }
}
