package dev.switchboard.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The keys an options class reads from JSON (a verticle's {@code config()}), each with its JSON
 * type, checked before the class reads them: a key it does not know refuses the options naming
 * the key and the nearest known one ({@code unknown option "prot" (did you mean "port"?)}), a
 * value of the wrong type names the key ({@code port must be a number, got "abc"}), so that a
 * typo never starts a node on defaults and a wrong type never surfaces as a bare
 * {@code ClassCastException}.
 *
 * <p>Strictness is the default. A JSON object holding {@code "strict": false} (for forward
 * compatibility: a config written for a newer version) accepts unknown keys, in it and in the
 * objects nested in it, with a WARN line per key; types are checked either way. An options class
 * lists its keys once ({@code ConfigKeys.of("gateway").ints("port").strings("host")}) and calls
 * {@link #check(JsonObject)} first in its JSON constructor; a nested options object is read with
 * {@link #nested(JsonObject, String, Function)}, which hands the strictness down.
 *
 * <p>Threading: immutable; thread-safe.
 */
public final class ConfigKeys {

  /** The key that turns strictness off for its object and the objects nested in it. */
  public static final String STRICT = "strict";

  /** Unknown keys named in one message, at most. */
  static final int MAX_REPORTED = 10;

  /** Keys longer than this get no suggestion (the distance costs length squared). */
  static final int MAX_SUGGESTED_LENGTH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(ConfigKeys.class);

  /** The JSON type of a key's value. */
  public enum Type {
    /** A JSON string. */
    STRING("a string"),
    /** A whole number within the range of a Java {@code int}. */
    INT("a number"),
    /** A whole number within the range of a Java {@code long}. */
    LONG("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** A JSON object. */
    OBJECT("an object"),
    /** A JSON array of strings. */
    STRINGS("an array of strings"),
    /** Any value: the options class checks it itself. */
    ANY("any value");

    final String expected;

    Type(String expected) {
      this.expected = expected;
    }
  }

  private final String what;
  private final Map<String, Type> keys;

  private ConfigKeys(String what, Map<String, Type> keys) {
    this.what = what;
    this.keys = keys;
  }

  /**
   * @param what what the options configure, for the WARN lines of a lenient check (e.g.
   *             {@code gateway})
   * @return no keys yet
   */
  public static ConfigKeys of(String what) {
    return new ConfigKeys(what, Map.of());
  }

  /**
   * @param type  the keys' type
   * @param names the keys
   * @return these keys and those
   */
  public ConfigKeys add(Type type, String... names) {
    Map<String, Type> more = new LinkedHashMap<>(keys);
    for (String name : names) {
      more.put(name, type);
    }
    return new ConfigKeys(what, Collections.unmodifiableMap(more));
  }

  /** @return these keys and string keys {@code names} */
  public ConfigKeys strings(String... names) {
    return add(Type.STRING, names);
  }

  /** @return these keys and int keys {@code names} */
  public ConfigKeys ints(String... names) {
    return add(Type.INT, names);
  }

  /** @return these keys and long keys {@code names} */
  public ConfigKeys longs(String... names) {
    return add(Type.LONG, names);
  }

  /** @return these keys and boolean keys {@code names} */
  public ConfigKeys booleans(String... names) {
    return add(Type.BOOLEAN, names);
  }

  /** @return these keys and object keys {@code names} (nested options, checked by their class) */
  public ConfigKeys objects(String... names) {
    return add(Type.OBJECT, names);
  }

  /** @return these keys and keys {@code names} of any type (the options class checks them) */
  public ConfigKeys any(String... names) {
    return add(Type.ANY, names);
  }

  /** @return these keys and string-array keys {@code names} */
  public ConfigKeys stringArrays(String... names) {
    return add(Type.STRINGS, names);
  }

  /**
   * @param what  what the options configure
   * @param other more keys (e.g. a base class's)
   * @return these keys and the other's, named {@code what}
   */
  public ConfigKeys with(String what, ConfigKeys other) {
    Map<String, Type> more = new LinkedHashMap<>(keys);
    more.putAll(other.keys);
    return new ConfigKeys(what, Collections.unmodifiableMap(more));
  }

  /** @return the known keys, in the order listed */
  public List<String> names() {
    return List.copyOf(keys.keySet());
  }

  /**
   * Checks options JSON: every key known and of its type ({@code null} passes as absent).
   *
   * @param json the options as JSON
   * @return {@code json} itself, or, when it is lenient ({@code "strict": false}) and holds
   *     unknown keys, a copy without them (each logged at WARN)
   * @throws IllegalArgumentException naming the first wrong value, or the unknown keys and their
   *     nearest known ones, in one line
   */
  public JsonObject check(JsonObject json) {
    Object strictValue = json.getValue(STRICT);
    if (strictValue != null && !(strictValue instanceof Boolean)) {
      throw ConfigValues.wrongType(STRICT, Type.BOOLEAN, strictValue);
    }
    boolean strict = !Boolean.FALSE.equals(strictValue);
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, Object> entry : json) {
      String key = entry.getKey();
      Type type = keys.get(key);
      if (type == null) {
        if (!STRICT.equals(key)) {
          unknown.add(key);
        }
      } else if (entry.getValue() != null) {
        ConfigValues.check(key, type, entry.getValue());
      }
    }
    if (unknown.isEmpty()) {
      return json;
    }
    if (strict) {
      throw new IllegalArgumentException(unknownMessage(unknown)
          + "; to ignore unknown options (a config for a newer version) set \"strict\": false");
    }
    JsonObject known = json.copy();
    for (String key : unknown) {
      LOG.warn("{}: {} ignored (\"strict\": false)", what, describe(key));
      known.remove(key);
    }
    return known;
  }

  /**
   * {@link #check} as a future, for a verticle's {@code start()}: {@code
   * KEYS.checked(config()).compose(config -> ...)}.
   *
   * @param json the options as JSON
   * @return the checked JSON, or the check's failure
   */
  public Future<JsonObject> checked(JsonObject json) {
    try {
      return Future.succeededFuture(check(json));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Reads a nested options object with its class's JSON constructor, handing down a lenient
   * parent's {@code "strict": false} (unless the nested object says otherwise) and naming the
   * nested key in an error.
   *
   * @param parent the parent options as JSON, already {@link #check checked}
   * @param key    the nested object's key
   * @param reader the nested class's JSON constructor
   * @param <T>    the nested options class
   * @return the nested options, or null when the key is absent or null
   * @throws IllegalArgumentException from the reader, its message prefixed with the key
   */
  public static <T> T nested(JsonObject parent, String key, Function<JsonObject, T> reader) {
    JsonObject json = parent.getJsonObject(key);
    if (json == null) {
      return null;
    }
    if (Boolean.FALSE.equals(parent.getValue(STRICT)) && !json.containsKey(STRICT)) {
      json = json.copy().put(STRICT, false);
    }
    try {
      return reader.apply(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("in \"" + key + "\": " + e.getMessage(), e);
    }
  }

  private String unknownMessage(List<String> unknown) {
    StringBuilder message = new StringBuilder();
    for (int i = 0; i < unknown.size() && i < MAX_REPORTED; i++) {
      message.append(i == 0 ? "" : "; ").append(describe(unknown.get(i)));
    }
    if (unknown.size() > MAX_REPORTED) {
      message.append("; and ").append(unknown.size() - MAX_REPORTED).append(" more");
    }
    return message.toString();
  }

  private String describe(String key) {
    String nearest = nearest(key);
    return "unknown option " + ConfigValues.quoted(key)
        + (nearest == null ? "" : " (did you mean " + ConfigValues.quoted(nearest) + "?)");
  }

  /**
   * @return the known key nearest to {@code key}, when near enough to be a typo (a distance of at
   *     most a third of its length, at least 1, at most 3; case differences count 0 when they are
   *     the only difference), else null
   */
  String nearest(String key) {
    if (key.length() > MAX_SUGGESTED_LENGTH) {
      return null;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    int bound = Math.min(3, Math.max(1, key.length() / 3));
    String best = null;
    int bestDistance = bound + 1;
    for (String known : keys.keySet()) {
      if (Math.abs(known.length() - key.length()) > bound) {
        continue;
      }
      int distance = distance(lower, known.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best;
  }

  /**
   * The optimal-string-alignment distance (Damerau-Levenshtein with adjacent transpositions):
   * insertions, deletions, substitutions and swaps of two neighbours each cost 1.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
