package dev.switchboard.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    // the bytes a socket delivered are a slice of a heap buffer: parse them where they are
    HeapBytes bytes = HeapBytes.of(json);
    return decode(bytes.array(), bytes.from(), bytes.to());
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
   * A JSON object read as {@link #decode(Buffer)} reads it, every member decoded except one, whose
   * value is checked just as strictly (the same errors, in the same order) without being built:
   * its bytes are kept as they arrived, so that a value passed on unchanged is never decoded and
   * re-encoded.
   *
   * @param members the object's other members
   * @param raw     the kept member's value, a slice of the input (not a copy; never modify it),
   *                or null when the object has no such member
   */
  public record Split(JsonObject members, Buffer raw) {
  }

  /**
   * Reads a JSON object keeping one member's value as raw bytes (see {@link Split}).
   *
   * @param json    UTF-8 JSON text holding one value
   * @param keepRaw the member whose value is kept as bytes
   * @return the object split, or null when the text does not start with an object (decode it
   *     with {@link #decode(Buffer)} then, for the value or the error)
   * @throws DecodeException with the reason when the text is not one valid value, exactly as
   *     {@link #decode(Buffer)} would
   */
  public static Split decodeSplit(Buffer json, String keepRaw) {
    HeapBytes heap = HeapBytes.of(json);
    byte[] bytes = heap.array();
    int from = heap.from();
    int to = heap.to();
    if (!utf8(bytes, from, to)) {
      throw bad("payload is not valid JSON: it is not UTF-8");
    }
    try (JsonParser parser = FACTORY.createParser(bytes, from, to - from)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      int rawFrom = -1;
      int rawTo = -1;
      JsonToken token = parser.nextToken();
      while (token == JsonToken.FIELD_NAME) {
        String name = text(parser.currentName());
        parser.nextToken();
        // a second time is refused once its value was read, as decode does
        if (name.equals(keepRaw)) {
          int valueFrom = offset(parser.currentTokenLocation().getByteOffset());
          check(parser);
          if (rawFrom >= 0) {
            throw duplicate(name);
          }
          rawFrom = valueFrom;
          token = parser.nextToken();
          // the value ends where the next member (or the object's end) starts, less the white
          // space and the comma in between
          rawTo = trimEnd(bytes, from + rawFrom,
              from + offset(parser.currentTokenLocation().getByteOffset())) - from;
        } else {
          int size = fields.size();
          fields.put(name, value(parser));
          if (fields.size() == size) {
            throw duplicate(name);
          }
          token = parser.nextToken();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw bad("payload is not valid JSON");
      }
      return new Split(new JsonObject(fields), rawFrom < 0 ? null : json.slice(rawFrom, rawTo));
    } catch (IOException | RuntimeException e) {
      if (e instanceof DecodeException bad) {
        throw bad;
      }
      throw bad("payload is not valid JSON");
    }
  }

  /**
   * Checks that {@code bytes[from, to)} hold one valid JSON value, as {@link #decode(byte[], int,
   * int)} would accept it, without building it.
   *
   * @return whether they do (the reason of a refusal is {@link #decode}'s to give)
   */
  public static boolean isValid(byte[] bytes, int from, int to) {
    if (!utf8(bytes, from, to)) {
      return false;
    }
    try (JsonParser parser = FACTORY.createParser(bytes, from, to - from)) {
      if (parser.nextToken() == null) {
        return false;
      }
      check(parser);
      return parser.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * @return whether {@code bytes[from, to)} are UTF-8 (the check every text here goes through)
   */
  public static boolean isUtf8(byte[] bytes, int from, int to) {
    return utf8(bytes, from, to);
  }

  private static int offset(long byteOffset) {
    if (byteOffset < 0) {
      throw new IllegalStateException("the parser gave no byte offset");
    }
    return (int) byteOffset;
  }

  /** The end of {@code bytes[from, to)} without the white space and the one comma it ends with. */
  private static int trimEnd(byte[] bytes, int from, int to) {
    int end = to;
    boolean comma = false;
    while (end > from) {
      byte b = bytes[end - 1];
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || (b == ',' && !comma)) {
        comma |= b == ',';
        end--;
      } else {
        break;
      }
    }
    return end;
  }

  /**
   * Checks the value at the parser's current token as {@link #value(JsonParser)} reads it (the
   * same refusals with the same messages) without building it.
   */
  private static void check(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Set<String> names = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = text(parser.currentName());
          names = names == null ? new HashSet<>() : names;
          parser.nextToken();
          check(parser);
          if (!names.add(name)) {
            throw duplicate(name);
          }
        }
      }
      case START_ARRAY -> {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          check(parser);
        }
      }
      case VALUE_STRING -> checkText(parser);
      case VALUE_NUMBER_INT -> parser.getNumberType(); // parses it, as getNumberValue() would
      case VALUE_NUMBER_FLOAT -> finite(parser.getDoubleValue());
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
      }
      default -> throw bad("payload is not valid JSON");
    }
  }

  /** {@link #text(String)} on the parser's characters, without making a String of them. */
  private static void checkText(JsonParser parser) throws IOException {
    char[] chars = parser.getTextCharacters();
    int start = parser.getTextOffset();
    int end = start + parser.getTextLength();
    for (int i = start; i < end; i++) {
      if (Character.isSurrogate(chars[i])) {
        text(parser.getText()); // the rare case: the checks and message of text(String)
        return;
      }
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
        throw duplicate(name);
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

  private static DecodeException duplicate(String name) {
    return bad("payload is not valid JSON: Duplicate field '" + name + "'");
  }

  private static DecodeException bad(String message) {
    return new DecodeException(message);
  }
}
