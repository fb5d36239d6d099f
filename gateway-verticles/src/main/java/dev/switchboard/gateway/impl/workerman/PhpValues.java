package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.core.internal.PhpSerializeException;
import dev.switchboard.core.internal.StrictJson;
import dev.switchboard.gateway.impl.RoutingProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The values of GatewayWorker's commands, read and written: a message body (scalar or PHP
 * {@code serialize()}), ext_data (a name, JSON, or a serialized session), sessions (PHP arrays
 * kept as JSON objects, see docs/gateway.md) and replies.
 *
 * <p>Threading: stateless, thread-safe.
 */
final class PhpValues {

  private PhpValues() {
  }

  /**
   * @param packet a send command
   * @return the routing request's message: a {@code text} when the body is UTF-8, else
   *     {@code binary}
   * @throws IllegalArgumentException when the body is a serialized value that is not a string
   */
  static JsonObject withMessage(JsonObject request, GatewayPacket packet) {
    Buffer body = packet.body();
    if (!packet.scalar()) {
      Object value = decode(body, "body");
      if (value instanceof String text) {
        return request.put(RoutingProtocol.TEXT, text);
      }
      if (!(value instanceof Buffer bytes)) {
        throw new IllegalArgumentException("the message (body) is a serialized "
            + kind(value) + ", not a string");
      }
      body = bytes;
    }
    String text = utf8(body);
    return text != null ? request.put(RoutingProtocol.TEXT, text)
        : request.put(RoutingProtocol.BINARY, body.copy());
  }

  /** @return the bytes as text, or null when they are not UTF-8 */
  static String utf8(Buffer bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * @param ext a command's ext_data naming a group or uid
   * @return the name
   * @throws IllegalArgumentException when it is empty (GatewayWorker ignores such a command)
   */
  static String name(GatewayPacket packet, String what) {
    String name = packet.extText();
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " (ext_data) is empty");
    }
    return name;
  }

  /**
   * @param packet a command whose ext_data is JSON
   * @return the JSON value, or null when ext_data is empty
   * @throws IllegalArgumentException when it is not JSON
   */
  static Object json(GatewayPacket packet) {
    if (packet.extData().length() == 0) {
      return null;
    }
    try {
      return StrictJson.decode(packet.extData());
    } catch (DecodeException e) {
      throw new IllegalArgumentException("ext_data is not JSON: " + e.getMessage());
    }
  }

  /**
   * @param value a JSON array, or an object (PHP's {@code json_encode} of an array with other
   *              keys than 0..n-1), or null
   * @return its values, in order (none for null)
   */
  static List<Object> values(Object value, String what) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      return array.getList();
    }
    if (value instanceof JsonObject object) {
      return new ArrayList<>(object.getMap().values());
    }
    throw new IllegalArgumentException(what + " must be a JSON array or object, got " + value);
  }

  /**
   * @param values scalars (PHP names may be ints)
   * @return them as strings, non-empty
   */
  static JsonArray names(Collection<Object> values, String what) {
    JsonArray names = new JsonArray();
    for (Object value : values) {
      if (!(value instanceof String || value instanceof Number) || value.toString().isEmpty()) {
        throw new IllegalArgumentException(what + " must hold non-empty strings or numbers, got "
            + value);
      }
      names.add(value instanceof Number n && n.doubleValue() == n.longValue()
          ? Long.toString(n.longValue()) : value.toString());
    }
    return names;
  }

  /**
   * @param value a connection id in JSON (a number, or a string of digits)
   * @return it
   */
  static long connectionId(Object value) {
    long id;
    if (value instanceof Number n && n.doubleValue() == n.longValue()) {
      id = n.longValue();
    } else if (value instanceof String s && s.matches("[0-9]{1,10}")) {
      id = Long.parseLong(s);
    } else {
      throw new IllegalArgumentException("not a connection id: " + value);
    }
    if (id > 0xffff_ffffL) {
      throw new IllegalArgumentException("not a connection id: " + value);
    }
    return id;
  }

  /**
   * @param serialized a session as GatewayWorker carries it: PHP {@code serialize()} of an array
   * @return it as a JSON object (a list's keys become "0".."n-1")
   * @throws IllegalArgumentException when it is not a serialized array
   */
  static JsonObject session(Buffer serialized) {
    Object value = decode(serialized, "session");
    if (value instanceof JsonObject object) {
      return object;
    }
    if (value instanceof JsonArray list) {
      JsonObject object = new JsonObject();
      for (int i = 0; i < list.size(); i++) {
        object.put(Integer.toString(i), list.getValue(i));
      }
      return object;
    }
    throw new IllegalArgumentException("the session is a serialized " + kind(value)
        + ", not an array");
  }

  /**
   * @param session a session, or null
   * @return PHP {@code serialize()} of it ({@code N;} for null)
   */
  static Buffer serialized(JsonObject session) {
    return PhpSerialize.encode(session);
  }

  /**
   * @param value a reply: null, a boolean, number, string, {@link Buffer}, JSON array or object,
   *              {@link Map} or {@link List}
   * @return {@code pack('N', len) . serialize(value)}
   */
  static Buffer reply(Object value) {
    return GatewayProtocol.reply(PhpSerialize.encode(value));
  }

  private static Object decode(Buffer serialized, String what) {
    try {
      return PhpSerialize.decode(serialized);
    } catch (PhpSerializeException e) {
      throw new IllegalArgumentException("the " + what + " is not PHP serialize() of a plain "
          + "value: " + e.getMessage());
    }
  }

  private static String kind(Object value) {
    return value == null ? "null" : value instanceof JsonObject || value instanceof JsonArray
        ? "array" : value.getClass().getSimpleName();
  }
}
