package dev.switchboard.core;

import dev.switchboard.testkit.LogCapture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigKeysTest {

  private static final ConfigKeys KEYS = ConfigKeys.of("test").ints("port", "maxSendBufferSize")
      .strings("host", "mapName").longs("timeout").booleans("ssl").objects("node")
      .stringArrays("members");

  @Test
  void knownKeysOfTheirTypePassUnchanged() {
    JsonObject json = new JsonObject().put("port", 1).put("host", "h").put("timeout", 5L)
        .put("ssl", true).put("node", new JsonObject()).put("members", new JsonArray().add("a"))
        .put("mapName", null).put("maxSendBufferSize", 2.0).put("strict", true);
    assertThat(KEYS.check(json)).isSameAs(json);
  }

  @Test
  void anUnknownKeyIsRefusedNamingItAndTheNearestKnownOne() {
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("prot", 9000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option \"prot\" (did you mean \"port\"?)")
        .hasMessageContaining("\"strict\": false");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("maxSendBuferSize", 1)))
        .hasMessageStartingWith(
            "unknown option \"maxSendBuferSize\" (did you mean \"maxSendBufferSize\"?)");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("mapname", "m")))
        .hasMessageStartingWith("unknown option \"mapname\" (did you mean \"mapName\"?)");
  }

  @Test
  void aKeyFarFromEveryKnownOneGetsNoSuggestion() {
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("colour", 1)))
        .hasMessageStartingWith("unknown option \"colour\";");
    assertThat(KEYS.nearest("x".repeat(1000))).isNull();
  }

  @Test
  void severalUnknownKeysAreNamedInOneLineBounded() {
    JsonObject json = new JsonObject();
    for (int i = 0; i < 15; i++) {
      json.put("unknown" + i, i);
    }
    assertThatThrownBy(() -> KEYS.check(json))
        .hasMessageContaining("\"unknown0\"").hasMessageContaining("\"unknown9\"")
        .hasMessageNotContaining("\"unknown10\"").hasMessageContaining("and 5 more")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aWrongTypeNamesTheKeyAndTheValue() {
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("port", "abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be a number, got \"abc\"");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("port", 1.5)))
        .hasMessageStartingWith("port must be a whole number");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("port", 3_000_000_000L)))
        .hasMessageStartingWith("port must be a whole number from -2147483648 to 2147483647");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("ssl", "yes")))
        .hasMessage("ssl must be true or false, got \"yes\"");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("host", 1)))
        .hasMessage("host must be a string, got 1");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("node", "x")))
        .hasMessage("node must be an object, got \"x\"");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("members", new JsonArray().add(1))))
        .hasMessage("members must be an array of strings, got [1]");
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("strict", "no")))
        .hasMessage("strict must be true or false, got \"no\"");
  }

  @Test
  void aLongWrongValueIsShortenedAndEscaped() {
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("port", "a\n".repeat(100))))
        .hasMessageNotContaining("\n").hasMessageEndingWith("...");
  }

  @Test
  void aLenientObjectDropsUnknownKeysWithAWarnEachButStillChecksTypes() {
    JsonObject json = new JsonObject().put("strict", false).put("prot", 1).put("port", 2);
    try (LogCapture log = new LogCapture(ConfigKeys.class.getName())) {
      JsonObject known = KEYS.check(json);
      assertThat(known.fieldNames()).containsExactlyInAnyOrder("strict", "port");
      assertThat(json.containsKey("prot")).as("the caller's JSON is left alone").isTrue();
      assertThat(log.lines()).containsExactly(
          "WARN test: unknown option \"prot\" (did you mean \"port\"?) ignored (\"strict\": false)");
    }
    assertThatThrownBy(() -> KEYS.check(new JsonObject().put("strict", false).put("port", "x")))
        .hasMessage("port must be a number, got \"x\"");
  }

  @Test
  void aNestedObjectInheritsLeniencyAndItsErrorsNameItsKey() {
    ConfigKeys inner = ConfigKeys.of("inner").ints("size");
    JsonObject strict = new JsonObject().put("node", new JsonObject().put("sise", 1));
    assertThatThrownBy(() -> ConfigKeys.nested(strict, "node", inner::check))
        .hasMessageStartingWith("in \"node\": unknown option \"sise\" (did you mean \"size\"?)");
    JsonObject lenient = strict.copy().put("strict", false);
    assertThat(ConfigKeys.nested(lenient, "node", inner::check).fieldNames())
        .containsExactly("strict");
    assertThat(ConfigKeys.<JsonObject>nested(new JsonObject(), "node", inner::check)).isNull();
  }

  @Test
  void distanceCountsEditsAndAdjacentSwaps() {
    assertThat(ConfigKeys.distance("prot", "port")).isEqualTo(1);
    assertThat(ConfigKeys.distance("textprot", "textport")).isEqualTo(1);
    assertThat(ConfigKeys.distance("", "abc")).isEqualTo(3);
    assertThat(ConfigKeys.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(KEYS.names()).startsWith("port", "maxSendBufferSize");
    assertThat(KEYS.nearest("textprot")).as("nothing near enough").isNull();
  }
}
