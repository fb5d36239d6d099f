package dev.switchboard.bench.channel;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelParsersTest {

  @Test
  void respParserSplitsValuesAcrossChunks() {
    List<Object> values = new ArrayList<>();
    RespParser parser = new RespParser(values::add);
    parser.handle(Buffer.buffer("+OK\r\n:5\r\n$5\r\nhel"));
    assertThat(values).containsExactly("OK", 5L);
    parser.handle(Buffer.buffer("lo\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r"));
    assertThat(values).containsExactly("OK", 5L, "hello");
    parser.handle(Buffer.buffer("\n$1\r\nx\r\n-ERR bad\r\n$-1\r\n"));
    assertThat(values).hasSize(6);
    assertThat((Object[]) values.get(3)).containsExactly("message", "ch", "x");
    assertThat(values.get(4)).isEqualTo(new RespParser.RespError("ERR bad"));
    assertThat(values.get(5)).isSameAs(RespParser.NIL);
  }

  @Test
  void serverCountersSumTheListenersOfAStatusReply() {
    JsonObject status = new JsonObject("{\"servers\":{\"127.0.0.1:2206\":{\"eventsOut\":10,"
        + "\"drops\":1},\"127.0.0.1:2207\":{\"eventsOut\":5}},\"other\":1}");
    PubSubSystem.ServerCounters one = PubSubSystem.ServerCounters.ofStatus(status);
    assertThat(one).isEqualTo(new PubSubSystem.ServerCounters(15, 1));
    assertThat(PubSubSystem.ServerCounters.ofStatus(new JsonObject()))
        .isEqualTo(new PubSubSystem.ServerCounters(0, 0));
    assertThat(one.plus(one).since(one)).isEqualTo(one);
  }

  @Test
  void serverCountersCountWhatAFullFederationWindowRefusedAsDrops() {
    JsonObject status = new JsonObject("{\"servers\":{\"127.0.0.1:2206\":{\"eventsOut\":10,"
        + "\"drops\":1}},\"federation\":{\"droppedMessages\":7,\"droppedBytes\":900}}");
    assertThat(PubSubSystem.ServerCounters.ofStatus(status))
        .isEqualTo(new PubSubSystem.ServerCounters(10, 8));
  }

  @Test
  void payloadCarriesSequenceAndSendTime() {
    String payload = Payload.encode(42, 1_234_567);
    assertThat(payload).hasSize(Payload.SIZE);
    assertThat(Payload.seq(payload)).isEqualTo(42);
    assertThat(Payload.offsetNanos(payload)).isEqualTo(1_234_567);
  }
}
