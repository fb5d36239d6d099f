package dev.switchboard.bench.channel;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PacedPublisherTest {

  /** A connection that is never used: the schedule's arithmetic needs none. */
  private static final PubSubConnection UNUSED = new PubSubConnection() {
    @Override
    public Context context() {
      return null;
    }

    @Override
    public Future<Void> subscribe(String channel, Handler<String> onMessage) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> publish(String channel, String payload) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  };

  private static PacedPublisher at(double rate, long start) {
    return new PacedPublisher(UNUSED, "c", 128, 0, start, start + 1_000_000_000L, rate);
  }

  @Test
  void publishKIsDueKIntervalsAfterTheStart() {
    PacedPublisher p = at(5_000, 1_000);
    assertThat(p.due(0)).isEqualTo(1_000);
    assertThat(p.due(1)).isEqualTo(201_000);
    assertThat(p.due(5_000)).isEqualTo(1_000_001_000L);
  }

  @Test
  void dueByCountsThePublishesWhoseTimeHasCome() {
    PacedPublisher p = at(5_000, 1_000);
    assertThat(p.dueBy(999)).isZero();
    assertThat(p.dueBy(1_000)).isEqualTo(1);
    assertThat(p.dueBy(200_999)).isEqualTo(1);
    assertThat(p.dueBy(201_000)).isEqualTo(2);
    // a publisher held up for 1 ms owes the 5 publishes of that millisecond at once
    assertThat(p.dueBy(1_001_000) - p.dueBy(1_000)).isEqualTo(5);
  }

  @Test
  void aRateThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> at(0, 0)).hasMessage("rate must be positive: 0.0");
    assertThatThrownBy(() -> at(Double.NaN, 0)).hasMessage("rate must be positive: NaN");
  }
}
