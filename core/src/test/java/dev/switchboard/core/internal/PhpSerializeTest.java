package dev.switchboard.core.internal;

import dev.switchboard.core.internal.PhpSerializeException.Reason;
import dev.switchboard.testkit.Php;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PhpSerialize} against PHP itself (Debian's php-cli): what PHP's {@code serialize()}
 * writes is read as the expected JSON value and written back byte for byte; what we write, PHP
 * reads and writes back unchanged (the fixed point Workerman's GlobalData {@code cas} needs);
 * floats are formatted as PHP formats them; every refused kind and limit fails with its reason.
 */
class PhpSerializeTest {

  @Test
  void readsWhatPhpWritesAndWritesItBackByteForByte() throws Exception {
    List<String> expressions = List.of("null", "true", "false", "0", "-42",
        "PHP_INT_MAX", "PHP_INT_MIN", "1.5", "0.1", "-0.0", "1e25", "100.0", "''", "'héllo ✓'",
        "\"a\\\"b;c}\"", "[]", "[1, 2, 3]", "['a' => 1, 'b' => [true, null]]", "[1 => 'x', 2 => 'y']",
        "[0 => 'a', 2 => 'c']", "['5' => 'five', '05' => 'oh-five', '-3' => 'm']",
        "[[[[1]]], ['k' => ['n' => 1.25]]]", "\"\\xff\\xfe\"");
    List<Object> expected = List.of("null", "true", "false", "0", "-42",
        "9223372036854775807", "-9223372036854775808", "1.5", "0.1", "-0.0", "1.0E25", "100.0",
        "\"\"", "\"héllo ✓\"", "\"a\\\"b;c}\"", "[]", "[1,2,3]",
        "{\"a\":1,\"b\":[true,null]}", "{\"1\":\"x\",\"2\":\"y\"}", "{\"0\":\"a\",\"2\":\"c\"}",
        "{\"5\":\"five\",\"05\":\"oh-five\",\"-3\":\"m\"}", "[[[[1]]],{\"k\":{\"n\":1.25}}]",
        "bytes:fffe");
    List<String> written = php(expressions.stream()
        .map(e -> "echo bin2hex(serialize(" + e + ")), \"\\n\";").toList());
    for (int i = 0; i < expressions.size(); i++) {
      Buffer bytes = Buffer.buffer(HexFormat.of().parseHex(written.get(i)));
      Object value = PhpSerialize.decode(bytes);
      assertThat(describe(value)).as("%s read from %s", expressions.get(i), bytes)
          .isEqualTo(expected.get(i));
      assertThat(PhpSerialize.encode(value)).as("%s written back", expressions.get(i))
          .isEqualTo(bytes);
    }
  }

  @Test
  void phpReadsWhatWeWriteAndWritesItBackUnchanged() throws Exception {
    List<Object> values = List.of(new JsonObject().put("type", "event").put("channel", "news")
            .put("data", new JsonObject().put("n", 3).put("list", new JsonArray().add(1.0)
                .add("two").addNull().add(false)).put("7", "int key").put("007", "string key")),
        new JsonArray(), new JsonObject(), 12L, -0.0, 3.0e-7, 123456789.125, "ünïcödé \"quoted\"",
        Buffer.buffer(new byte[] {(byte) 0xc3, 0x28}), Long.MIN_VALUE);
    List<String> lines = new ArrayList<>();
    for (Object value : values) {
      lines.add("$v = unserialize(hex2bin('" + hex(PhpSerialize.encode(value))
          + "'), ['allowed_classes' => false]); echo bin2hex(serialize($v)), \"\\n\";");
    }
    List<String> back = php(lines);
    for (int i = 0; i < values.size(); i++) {
      assertThat(back.get(i)).as("PHP's serialize(unserialize(ours)) of %s", values.get(i))
          .isEqualTo(hex(PhpSerialize.encode(values.get(i))));
    }
  }

  @Test
  void formatsFloatsAsPhpDoes() throws Exception {
    Random random = new Random(18);
    List<Double> numbers = new ArrayList<>(List.of(0.1, 0.5, 1.0, 1.5, 100.0, 1e15, 1e16, 1e17,
        1e18, 123456789012345678.0, 1e-4, 1e-5, 1.5e-5, 0.00012, 2.5e-300, Double.MIN_VALUE,
        Double.MAX_VALUE, -1e-7, 9007199254740993.0, 0.30000000000000004, 5e-324, 1.7976931348623157e308,
        2.82879384806159E17, 1.0E23, 4.35, 8.41, 0.3));
    for (int i = 0; i < 3000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        numbers.add(d);
      }
      numbers.add(random.nextInt(1_000_000) / 1000.0);
      numbers.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
    }
    StringBuilder script = new StringBuilder("foreach (file('php://stdin', FILE_IGNORE_NEW_LINES)"
        + " as $h) { echo serialize(unpack('E', hex2bin($h))[1]), \"\\n\"; }");
    List<String> input = numbers.stream().map(d -> String.format("%016x",
        Double.doubleToRawLongBits(d))).toList();
    List<String> php = runPhp(script.toString(), String.join("\n", input) + "\n");
    assertThat(php).hasSameSizeAs(numbers);
    for (int i = 0; i < numbers.size(); i++) {
      String ours = PhpSerialize.encode(numbers.get(i)).toString(StandardCharsets.ISO_8859_1);
      assertThat(ours).as("serialize(%s)", numbers.get(i)).isEqualTo(php.get(i));
      assertThat(PhpSerialize.decode(Buffer.buffer(php.get(i))))
          .as("read back %s", php.get(i)).isEqualTo(numbers.get(i));
    }
  }

  @Test
  void refusesObjectsReferencesAndEveryOtherKindWithTheReason() {
    assertRefused("O:8:\"stdClass\":0:{}", Reason.REFUSED_KIND, "objects", 0);
    assertRefused("a:1:{i:0;O:8:\"stdClass\":0:{}}", Reason.REFUSED_KIND, "objects", 9);
    assertRefused("C:3:\"Foo\":0:{}", Reason.REFUSED_KIND, "objects", 0);
    assertRefused("a:2:{i:0;i:1;i:1;r:2;}", Reason.REFUSED_KIND, "references", 17);
    assertRefused("a:2:{i:0;i:1;i:1;R:2;}", Reason.REFUSED_KIND, "references", 17);
    assertRefused("E:7:\"Foo:Bar\";", Reason.REFUSED_KIND, "enums", 0);
    assertRefused("S:1:\"\\61\";", Reason.REFUSED_KIND, "escaped", 0);
    assertRefused("d:INF;", Reason.REFUSED_KIND, "non-finite", 2);
    assertRefused("d:NAN;", Reason.REFUSED_KIND, "non-finite", 2);
    assertRefused("d:1e400;", Reason.REFUSED_KIND, "beyond the double range", 2);
  }

  @Test
  void refusesMalformedPayloadsAtTheByte() {
    assertRefused("", Reason.MALFORMED, "ends early", 0);
    assertRefused("x:1;", Reason.MALFORMED, "unknown type 'x'", 0);
    assertRefused("i:1", Reason.MALFORMED, "';' expected", 3);
    assertRefused("i:;", Reason.MALFORMED, "a number expected", 2);
    assertRefused("i:99999999999999999999;", Reason.MALFORMED, "beyond 64 bits", 2);
    assertRefused("b:2;", Reason.MALFORMED, "neither 0 nor 1", 4);
    assertRefused("s:3:\"ab\";", Reason.LIMIT, "longer than the payload", 5);
    assertRefused("s:2:\"abc\";", Reason.MALFORMED, "'\"' expected, got 'c'", 7);
    assertRefused("s:-1:\"\";", Reason.MALFORMED, "a length of -1", 2);
    assertRefused("d:1.2.3;", Reason.MALFORMED, "malformed float", 2);
    assertRefused("a:1:{d:1.5;i:1;}", Reason.MALFORMED, "neither an int nor a string", 5);
    assertRefused("a:1:{i:0;N;", Reason.MALFORMED, "ends early", 11);
    assertRefused("N;N;", Reason.MALFORMED, "2 bytes after the value", 2);
    assertRefused("a:1:{s:1:\"\u00ff\";N;}", Reason.MALFORMED, "not UTF-8", 5);
  }

  @Test
  void checksLimitsBeforeAllocating() {
    // a count no payload of this size can hold is refused from its header
    assertRefused("a:2000000000:{}", Reason.LIMIT, "2000000000 elements longer than the payload", 2);
    assertRefused("s:2000000000:\"\";", Reason.LIMIT, "beyond the payload", 2);
    String deep = "a:1:{i:0;".repeat(33) + "N;" + "}".repeat(33);
    assertRefused(deep, Reason.LIMIT, "nested deeper than 32", 32 * 9 + 2);
    assertThat(PhpSerialize.decode(Buffer.buffer("a:1:{i:0;".repeat(32) + "N;"
        + "}".repeat(32)))).isInstanceOf(JsonArray.class);
    String wide = "a:3:{i:0;N;i:1;N;i:2;a:2:{i:0;N;i:1;N;}}";
    assertThatThrownBy(() -> PhpSerialize.decode(Buffer.buffer(wide), 32, 4))
        .isInstanceOf(PhpSerializeException.class).hasMessageContaining("more array elements");
    assertThat(PhpSerialize.decode(Buffer.buffer(wide), 32, 5)).isInstanceOf(JsonArray.class);
  }

  @Test
  void tellsWhetherAValueHoldsAByteStringAtAnyDepth() {
    assertThat(PhpSerialize.isText(PhpSerialize.decode(Buffer.buffer(
        "a:2:{s:1:\"a\";a:1:{i:0;s:2:\"ok\";}i:7;d:1.5;}")))).isTrue();
    Buffer nested = Buffer.buffer("a:1:{s:1:\"a\";a:1:{i:0;s:1:\"").appendByte((byte) 0xff)
        .appendString("\";}}");
    assertThat(PhpSerialize.isText(PhpSerialize.decode(nested))).isFalse();
    assertThat(PhpSerialize.isText(null)).isTrue();
  }

  @Test
  void refusesToWriteWhatHasNoPhpForm() {
    assertThatThrownBy(() -> PhpSerialize.encode(Double.NaN))
        .isInstanceOf(PhpSerializeException.class).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> PhpSerialize.encode(new Object()))
        .isInstanceOf(PhpSerializeException.class).hasMessageContaining("no PHP form");
    assertThatThrownBy(() -> PhpSerialize.encode(java.math.BigInteger.TWO.pow(64)))
        .isInstanceOf(PhpSerializeException.class).hasMessageContaining("64-bit");
    JsonArray deep = new JsonArray();
    JsonArray inner = deep;
    for (int i = 0; i < 40; i++) {
      JsonArray next = new JsonArray();
      inner.add(next);
      inner = next;
    }
    assertThatThrownBy(() -> PhpSerialize.encode(deep))
        .isInstanceOf(PhpSerializeException.class).hasMessageContaining("nested deeper");
  }

  private static void assertRefused(String payload, Reason reason, String message, int offset) {
    assertThatThrownBy(() -> PhpSerialize.decode(Buffer.buffer(payload.getBytes(
        StandardCharsets.ISO_8859_1))))
        .as("decode(%s)", payload)
        .isInstanceOfSatisfying(PhpSerializeException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(message);
          assertThat(e.offset()).isEqualTo(offset);
        });
  }

  /** A value as JSON text, with a non-UTF-8 byte string as {@code bytes:<hex>}. */
  private static String describe(Object value) {
    if (value instanceof Buffer bytes) {
      return "bytes:" + hex(bytes);
    }
    if (value instanceof Double d) {
      return d.toString();
    }
    return io.vertx.core.json.Json.encode(value);
  }

  private static String hex(Buffer bytes) {
    return HexFormat.of().formatHex(bytes.getBytes());
  }

  private static List<String> php(List<String> statements) throws Exception {
    return runPhp(String.join("\n", statements), "");
  }

  private static List<String> runPhp(String code, String stdin) throws Exception {
    Process process = new ProcessBuilder(Php.binary(), "-d", "serialize_precision=-1", "-r", code)
        .redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException closedEarly) {
      // php failed at once: its output says why
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("php ended").isTrue();
    assertThat(process.exitValue()).as("php's exit status; output: %s", output).isZero();
    return output.isEmpty() ? List.of() : List.of(output.split("\n"));
  }
}
