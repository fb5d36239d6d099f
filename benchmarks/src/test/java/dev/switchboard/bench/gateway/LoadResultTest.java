package dev.switchboard.bench.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadResultTest {

  @Test
  void readsTheLoadGeneratorsResultLine() {
    LoadResult r = LoadResult.of(new JsonObject("{\"opened\":500,\"stalledOpened\":10,"
        + "\"connectErrors\":1,\"firstError\":\"ECONNRESET\",\"openMillis\":812.5,"
        + "\"closedEarly\":2,\"stalledClosed\":10,\"sent\":400,\"windowSent\":150,"
        + "\"expected\":75000,\"delivered\":74000,\"windowReceived\":73000,"
        + "\"deliveriesPerSecond\":24333.3,\"expectedPerSecond\":25000,\"gaps\":3,"
        + "\"reordered\":1,\"samples\":74000,\"p50Ms\":0.84,\"p99Ms\":4.2,\"p999Ms\":9.5,"
        + "\"maxMs\":12.25,\"senderMaxLagMs\":1.5,\"lateSends\":4,\"receivedP50Ms\":0.9,"
        + "\"receivedP99Ms\":5.1}"));
    assertThat(r.opened()).isEqualTo(500);
    assertThat(r.stalledOpened()).isEqualTo(10);
    assertThat(r.connectErrors()).isEqualTo(1);
    assertThat(r.firstError()).isEqualTo("ECONNRESET");
    assertThat(r.openMillis()).isEqualTo(812.5);
    assertThat(r.closedEarly()).isEqualTo(2);
    assertThat(r.windowSent()).isEqualTo(150);
    assertThat(r.expected()).isEqualTo(75_000);
    assertThat(r.delivered()).isEqualTo(74_000);
    assertThat(r.deliveriesPerSecond()).isEqualTo(24333.3);
    assertThat(r.gaps()).isEqualTo(3);
    assertThat(r.p50()).isEqualTo(0.84);
    assertThat(r.p99()).isEqualTo(4.2);
    assertThat(r.p999()).isEqualTo(9.5);
    assertThat(r.max()).isEqualTo(12.25);
    assertThat(r.senderMaxLag()).isEqualTo(1.5);
    assertThat(r.lateSends()).isEqualTo(4);
    assertThat(r.receivedP50()).isEqualTo(0.9);
    assertThat(r.receivedP99()).isEqualTo(5.1);
    assertThat(r.completeness()).isEqualTo(74_000.0 / 75_000);
    assertThat(r.saturated()).isFalse();
  }

  @Test
  void missingLatenciesAreNaNAndAShortfallIsSaturation() {
    LoadResult r = LoadResult.of(new JsonObject("{\"samples\":0,\"p50Ms\":null,\"maxMs\":0,"
        + "\"deliveriesPerSecond\":900,\"expectedPerSecond\":1000}"));
    assertThat(r.p50()).isNaN();
    assertThat(r.p99()).isNaN();
    assertThat(r.max()).isNaN();
    assertThat(r.completeness()).isNaN();
    assertThat(r.saturated()).isTrue();
  }
}
