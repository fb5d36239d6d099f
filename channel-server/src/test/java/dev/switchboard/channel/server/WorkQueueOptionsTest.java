package dev.switchboard.channel.server;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkQueueOptionsTest {

  @Test
  void defaults() {
    WorkQueueOptions options = new ChannelServerOptions(new JsonObject()).getQueues();
    assertThat(options.isEnabled()).isTrue();
    assertThat(options.getMaxQueueLength()).isEqualTo(10_000)
        .isEqualTo(WorkQueueOptions.DEFAULT_MAX_QUEUE_LENGTH);
    assertThat(options.getMaxItemSize()).isEqualTo(65_536);
    assertThat(options.getMaxWatches()).isEqualTo(64);
  }

  @Test
  void jsonRoundTripAndCopyWithinTheServerOptions() {
    ChannelServerOptions server = new ChannelServerOptions().setQueues(new WorkQueueOptions()
        .setEnabled(false).setMaxQueueLength(5).setMaxItemSize(100).setMaxWatches(2));
    JsonObject json = server.toJson();
    assertThat(json.getJsonObject("queues")).isEqualTo(new JsonObject().put("enabled", false)
        .put("maxQueueLength", 5).put("maxItemSize", 100).put("maxWatches", 2));
    assertThat(new ChannelServerOptions(json).toJson()).isEqualTo(json);
    assertThat(new ChannelServerOptions(server).getQueues().getMaxWatches()).isEqualTo(2);
    assertThat(new WorkQueueOptions(server.getQueues()).toJson())
        .isEqualTo(json.getJsonObject("queues"));
  }

  @Test
  void badValuesAndUnknownKeysAreRefusedNamingThem() {
    assertThatThrownBy(() -> new WorkQueueOptions().setMaxQueueLength(0))
        .hasMessageContaining("maxQueueLength");
    assertThatThrownBy(() -> new WorkQueueOptions().setMaxItemSize(-1))
        .hasMessageContaining("maxItemSize");
    assertThatThrownBy(() -> new WorkQueueOptions().setMaxWatches(0))
        .hasMessageContaining("maxWatches");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("queues",
        new JsonObject().put("maxQueueLenght", 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queues").hasMessageContaining("maxQueueLenght");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("queues",
        new JsonObject().put("maxWatches", "many"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWatches");
    assertThatThrownBy(() -> new ChannelServerOptions(new JsonObject().put("queues", 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queues");
    assertThat(new ChannelServerOptions(new JsonObject().put("strict", false).put("queues",
        new JsonObject().put("unknown", 1).put("maxWatches", 3))).getQueues().getMaxWatches())
        .isEqualTo(3);
  }
}
