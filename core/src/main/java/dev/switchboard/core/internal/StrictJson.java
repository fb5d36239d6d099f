package dev.switchboard.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON parser for bytes a peer sent: one value, read as Vert.x reads it (JsonObject,
 * JsonArray, String, Integer/Long/BigInteger, Double, Boolean, null), but strict where a lenient
 * reading lets a peer say two things at once. A key twice in one object ({@code
 * {"type":"publish","type":"auth"}}) is refused, not read as its last value (seen as the object's
 * map is filled; Jackson's {@code STRICT_DUPLICATE_DETECTION} would keep a second set of every
 * object's keys); a number beyond the range of a double ({@code 1e999999}) is refused, not read
 * as Infinity; a string (or key) with a lone UTF-16 surrogate ({@code "\ud800"}) is refused, not
 * sent on as {@code ?}; text that is not UTF-8 is refused, in a key as in a value. Nesting and
 * sizes are bounded by Jackson's default
 * {@code StreamReadConstraints}.
 *
 * <p>Threading: stateless; thread-safe.
 */
public final class StrictJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private StrictJson() {
  }

  /**
   * @param json UTF-8 JSON text holding one value
   * @return the value
   * @throws DecodeException with the reason when the text is not one valid value (the channel
   *     protocol reports it as {@code BAD_JSON})
   */
  public static Object decode(Buffer json) {
    // the bytes a socket delivered are a slice of a heap buffer: parse them where they are, not
    // a copy (Buffer's public API copies; only the internal view gives the array and offset)
    if (json instanceof BufferInternal internal && internal.unwrap().hasArray()) {
      ByteBuf bytes = internal.unwrap();
      int from = bytes.arrayOffset() + bytes.readerIndex();
      return decode(bytes.array(), from, from + bytes.readableBytes());
    }
    byte[] bytes = json.getBytes();
    return decode(bytes, 0, bytes.length);
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
    if (!utf8(bytes, from, to)) {
      throw bad("payload is not valid JSON: it is not UTF-8");
    }
    try (JsonParser parser = FACTORY.createParser(bytes, from, to - from)) {
      if (parser.nextToken() == null) {
        throw bad("payload is not valid JSON");
      }
      Object value = value(parser);
      if (parser.nextToken() != null) {
        throw bad("payload is not valid JSON");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof DecodeException bad) {
        throw bad;
      }
      throw bad("payload is not valid JSON");
    }
  }

  /**
   * Jackson checks the UTF-8 of string values but not of keys: it reads a key's bytes in groups of
   * four padded with 0xff, so the key of bytes {@code ff ff ff 56} is read as {@code "V"}. Text
   * that is not all ASCII is checked whole here (ASCII, the common case, costs one scan).
   */
  private static boolean utf8(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, i, to - i));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
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
      int size = fields.size();
      fields.put(name, value(parser));
      if (fields.size() == size) {
        throw bad("payload is not valid JSON: Duplicate field '" + name + "'");
      }
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
      if (Character.isSurrogate(text.charAt(i))) {
        return pairedSurrogates(text, i);
      }
    }
    return text;
  }

  /** The rare case of {@link #text}: surrogates from {@code from} on, each must be in a pair. */
  private static String pairedSurrogates(String text, int from) {
    for (int i = from; i < text.length(); i++) {
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
