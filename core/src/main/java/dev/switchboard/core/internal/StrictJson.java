package dev.switchboard.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON parser for bytes a peer sent: one value, read as Vert.x reads it (JsonObject,
 * JsonArray, String, Integer/Long/BigInteger, Double, Boolean, null), but strict where a lenient
 * reading lets a peer say two things at once. A key twice in one object ({@code
 * {"type":"publish","type":"auth"}}) is refused, not read as its last value (Jackson's
 * {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}); a number beyond the range of a double
 * ({@code 1e999999}) is refused, not read as Infinity; a string (or key) with a lone UTF-16
 * surrogate ({@code "\ud800"}) is refused, not sent on as {@code ?}. Nesting and sizes are bounded
 * by Jackson's default {@code StreamReadConstraints}.
 *
 * <p>Threading: stateless; thread-safe.
 */
public final class StrictJson {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {
  }

  /**
   * @param bytes UTF-8 JSON text holding one value
   * @param from  its first byte
   * @param to    the byte after its last
   * @return the value
   * @throws DecodeException with the reason when the text is not one valid value (the channel
   *     protocol reports it as {@code BAD_JSON})
   */
  public static Object decode(byte[] bytes, int from, int to) {
    try (JsonParser parser = FACTORY.createParser(bytes, from, to - from)) {
      if (parser.nextToken() == null) {
        throw bad("payload is not valid JSON");
      }
      Object value = value(parser);
      if (parser.nextToken() != null) {
        throw bad("payload is not valid JSON");
      }
      return value;
    } catch (JsonParseException e) {
      throw bad(e.getOriginalMessage().startsWith("Duplicate field")
          ? "payload is not valid JSON: " + e.getOriginalMessage()
          : "payload is not valid JSON");
    } catch (IOException | RuntimeException e) {
      if (e instanceof DecodeException bad) {
        throw bad;
      }
      throw bad("payload is not valid JSON");
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> text(parser.getText());
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> finite(parser.getDoubleValue());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw bad("payload is not valid JSON");
    };
  }

  private static JsonObject object(JsonParser parser) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = text(parser.currentName());
      parser.nextToken();
      fields.put(name, value(parser));
    }
    return new JsonObject(fields);
  }

  private static JsonArray array(JsonParser parser) throws IOException {
    List<Object> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(value(parser));
    }
    return new JsonArray(items);
  }

  private static Double finite(double value) {
    if (Double.isInfinite(value)) {
      throw bad("payload is not valid JSON: a number is out of the range of a double");
    }
    return value;
  }

  /** A string with a surrogate that is not half of a pair cannot be written as UTF-8. */
  private static String text(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw bad("payload is not valid JSON: a string holds a lone UTF-16 surrogate");
      }
    }
    return text;
  }

  private static DecodeException bad(String message) {
    return new DecodeException(message);
  }
}
