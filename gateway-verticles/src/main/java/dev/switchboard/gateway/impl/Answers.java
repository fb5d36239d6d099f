package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.GatewayQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The answers of the {@link GatewayQueries} calls: from their JSON form (what nodes answer and
 * what a remote caller receives) to the API's sorted types, and their size bound
 * ({@link GatewayQueries#MAX_ANSWER_SIZE}).
 *
 * <p>Threading: pure functions.
 */
final class Answers {

  private Answers() {
  }

  /** @return a JSON array of strings as a sorted list */
  static List<String> sortedList(Object json) {
    List<String> list = new ArrayList<>();
    ((JsonArray) json).forEach(item -> list.add((String) item));
    Collections.sort(list);
    return list;
  }

  /** @return a JSON array of strings as a sorted set */
  static Set<String> sortedSet(Object json) {
    Set<String> set = new TreeSet<>();
    ((JsonArray) json).forEach(item -> set.add((String) item));
    return set;
  }

  /** @return a JSON object as a map sorted by key, each value read by {@code read} */
  static <T> Map<String, T> sortedMap(Object json, Function<Object, T> read) {
    Map<String, T> map = new TreeMap<>();
    ((JsonObject) json).forEach(entry -> map.put(entry.getKey(), read.apply(entry.getValue())));
    return map;
  }

  /** @return a JSON number as an int */
  static Integer count(Object json) {
    return ((Number) json).intValue();
  }

  /** @return a JSON object's value as an object (a session) */
  static JsonObject object(Object json) {
    return (JsonObject) json;
  }

  /** @return a JSON boolean */
  static Boolean flag(Object json) {
    return (Boolean) json;
  }

  /**
   * Checks an answer's size.
   *
   * @param json an answer (JSON values)
   * @param op   the call, for the message
   * @return the answer
   * @throws IllegalArgumentException {@code ANSWER_TOO_LARGE} when its JSON could take more than
   *     {@link GatewayQueries#MAX_ANSWER_SIZE} bytes
   */
  static <T> T bounded(T json, String op) {
    long size = size(json);
    if (size > GatewayQueries.MAX_ANSWER_SIZE) {
      throw new IllegalArgumentException("ANSWER_TOO_LARGE: the answer to " + op + " would take"
          + " about " + size + " bytes, over MAX_ANSWER_SIZE " + GatewayQueries.MAX_ANSWER_SIZE
          + " (ask about fewer clients, e.g. per group)");
    }
    return json;
  }

  /**
   * @return an upper bound of the bytes the JSON encoding of a value takes (escapes and UTF-8
   *     counted at their largest), without encoding it
   */
  static long size(Object json) {
    if (json instanceof String text) {
      return stringSize(text);
    }
    if (json instanceof JsonArray array) {
      long size = 2;
      for (Object item : array) {
        size += size(item) + 1;
      }
      return size;
    }
    if (json instanceof JsonObject object) {
      long size = 2;
      for (Map.Entry<String, Object> entry : object) {
        size += stringSize(entry.getKey()) + 1 + size(entry.getValue()) + 1;
      }
      return size;
    }
    return json == null ? 4 : String.valueOf(json).length();
  }

  private static long stringSize(String text) {
    long size = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        size += 6; // \\u00XX at most
      } else if (c == '"' || c == '\\') {
        size += 2;
      } else {
        size += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    return size;
  }
}
