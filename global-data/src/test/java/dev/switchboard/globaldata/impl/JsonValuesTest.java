package dev.switchboard.globaldata.impl;

import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {

  @Test
  void everySupportedValueSurvivesEncodeAndDecode() {
    for (Object value : new Object[] {"s", "", 7, 7L, 2.5, true, new JsonObject().put("a", 1),
        new JsonArray().add("x").add(new JsonObject())}) {
      Object back = JsonValues.decode(JsonValues.encode("k", value, 1000));
      assertThat(JsonValues.sameValue(back, value)).as("%s", value).isTrue();
    }
  }

  @Test
  void numbersCompareByValueWhateverTheirType() {
    assertThat(JsonValues.sameValue(1, 1L)).isTrue();
    assertThat(JsonValues.sameValue(1, 1.0)).isTrue();
    assertThat(JsonValues.sameValue(new BigDecimal("2.50"), 2.5)).isTrue();
    assertThat(JsonValues.sameValue(BigInteger.TEN, (short) 10)).isTrue();
    assertThat(JsonValues.sameValue(1, 2)).isFalse();
    assertThat(JsonValues.sameValue(1, "1")).isFalse();
    assertThat(JsonValues.sameValue(null, 0)).isFalse();
    assertThat(JsonValues.sameValue(null, null)).isTrue();
  }

  @Test
  void objectsIgnoreKeyOrderAndArraysDoNot() {
    JsonObject ab = new JsonObject().put("a", 1).put("b", new JsonArray().add(1).add(2));
    JsonObject ba = new JsonObject().put("b", new JsonArray().add(1L).add(2.0)).put("a", 1L);
    assertThat(JsonValues.sameValue(ab, ba)).isTrue();
    assertThat(JsonValues.sameValue(new JsonArray().add(1).add(2), new JsonArray().add(2).add(1)))
        .isFalse();
    assertThat(JsonValues.sameValue(ab, ab.copy().put("c", null))).isFalse();
  }

  @Test
  void unsupportedOrOversizedValuesAreRefused() {
    assertReason(() -> JsonValues.encode("k", null, 100), Reason.INVALID_VALUE);
    assertReason(() -> JsonValues.encode("k", Map.of("a", 1), 100), Reason.INVALID_VALUE);
    assertReason(() -> JsonValues.encode("k", Double.NaN, 100), Reason.INVALID_VALUE);
    assertReason(() -> JsonValues.encode("k", Float.POSITIVE_INFINITY, 100), Reason.INVALID_VALUE);
    assertReason(() -> JsonValues.encode("k", "é".repeat(50), 100), Reason.VALUE_TOO_LARGE);
    assertThat(JsonValues.encode("k", "é".repeat(49), 100)).as("100 bytes: at the limit")
        .hasSize(51);
  }

  @Test
  void valuesThatWouldNotReadBackAsStoredAreRefusedAtAnyDepth() {
    JsonObject selfContaining = new JsonObject();
    selfContaining.put("self", selfContaining);
    Object[] refused = {
        new BigDecimal("1e400"),
        new BigDecimal("0.1000000000000000000001"),
        new JsonArray().add(new BigDecimal("-1e400")),
        new JsonObject().put("a", Double.NaN),
        new JsonArray().add(new JsonObject().put("f", Float.POSITIVE_INFINITY)),
        new JsonObject().put("bytes", new byte[] {1, 2}),
        new JsonArray().add(Buffer.buffer("x")),
        new JsonObject().put("at", Instant.EPOCH),
        new JsonObject().put("unit", TimeUnit.SECONDS),
        new JsonObject().put("text", new StringBuilder("x")),
        new JsonObject().put("map", Map.of(1, "integer key")),
        new JsonObject().put("list", List.of(new Object())),
        new JsonArray().add(BigInteger.TEN.pow(1000)),
        nested(1001),
        selfContaining,
    };
    List<String> notRefused = new ArrayList<>();
    for (Object value : refused) {
      try {
        JsonValues.encode("k", value, 1 << 20);
        notRefused.add(value.getClass().getSimpleName() + " " + abbreviated(value));
      } catch (GlobalDataException e) {
        assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
        assertThat(e.getMessage()).contains("[key=k]");
      }
    }
    assertThat(notRefused).isEmpty();
  }

  @Test
  void valuesThatReadBackAsStoredAreAcceptedAtAnyDepth() {
    Object[] accepted = {
        new BigDecimal("2.5"),
        new BigDecimal("1E+3"),
        new BigDecimal("12345678901234567890"),
        new JsonArray().add(BigInteger.TEN.pow(999)).add(Long.MIN_VALUE).add(-0.0).add(0.1f),
        new JsonObject().put("map", Map.of("a", List.of(1, "x", Map.of("b", true))))
            .putNull("nothing"),
        nested(1000),
    };
    for (Object value : accepted) {
      Object back = JsonValues.decode(JsonValues.encode("k", value, 1 << 20));
      assertThat(JsonValues.sameValue(back, value)).as("%s", value).isTrue();
    }
  }

  private static String abbreviated(Object value) {
    String text = String.valueOf(value instanceof JsonObject o && o.containsKey("self")
        ? "{self}" : value);
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  /** Arrays nested {@code depth} deep, the innermost holding a 1. */
  private static JsonArray nested(int depth) {
    JsonArray value = new JsonArray().add(1);
    for (int i = 1; i < depth; i++) {
      value = new JsonArray().add(value);
    }
    return value;
  }

  @Test
  void stepsAreNormalisedToLongOrDouble() {
    assertThat(JsonValues.normaliseStep("k", 3)).isEqualTo(3L);
    assertThat(JsonValues.normaliseStep("k", 0.5f)).isEqualTo(0.5);
    assertReason(() -> JsonValues.normaliseStep("k", BigInteger.TWO.pow(64)), Reason.INVALID_VALUE);
    assertReason(() -> JsonValues.normaliseStep("k", Double.NaN), Reason.INVALID_VALUE);
  }

  private static void assertReason(Runnable call, Reason reason) {
    assertThatThrownBy(call::run).isInstanceOf(GlobalDataException.class)
        .satisfies(e -> assertThat(((GlobalDataException) e).reason()).isEqualTo(reason));
  }
}
