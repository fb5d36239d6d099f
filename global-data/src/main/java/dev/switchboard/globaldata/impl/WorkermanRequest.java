package dev.switchboard.globaldata.impl;

import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.core.internal.PhpSerializeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/**
 * One request of Workerman GlobalData's protocol, read from a frame's payload: PHP's {@code
 * serialize()} of an array holding {@code cmd}, {@code key} and the command's own fields ({@code
 * value}, {@code step}, {@code md5}). What Workerman's server refuses is refused the same way
 * ({@link Refused}): a payload that does not unserialize to an array with {@code cmd} and {@code
 * key} gets {@code bad request}, an unknown command {@code bad cmd X}. Refused too, with {@code
 * bad request}, where Workerman would store or fail oddly: an object or anything else {@link
 * PhpSerialize} does not read, a key that is not a non-empty string (or an int, read as its
 * decimal string) or is longer than {@code maxKeyLength}, a {@code step} that is not a number.
 *
 * @param cmd    the command: get, set, add, increment, cas or delete
 * @param key    the key
 * @param fields the whole request (its {@code value}, {@code step}, {@code md5})
 */
record WorkermanRequest(String cmd, String key, JsonObject fields) {

  /** The commands Workerman's server knows. */
  static final Set<String> COMMANDS = Set.of("get", "set", "add", "increment", "cas", "delete");

  /**
   * Deepest nesting of a request: the request array and a value PHP can be given back ({@link
   * PhpSerialize#encode} writes {@link PhpSerialize#DEFAULT_MAX_DEPTH} levels).
   */
  static final int MAX_DEPTH = PhpSerialize.DEFAULT_MAX_DEPTH + 1;

  /** The payload of a keepalive, which gets no answer. */
  static final String PING = "ping";

  /**
   * @param payload      a frame's payload, not a {@link #PING}
   * @param maxKeyLength the longest key, in characters
   * @return the request
   * @throws Refused when Workerman's answer is {@code bad request} or {@code bad cmd X}
   */
  static WorkermanRequest parse(Buffer payload, int maxKeyLength) {
    if (payload.length() == 0) {
      throw Refused.badRequest("empty", "an empty payload");
    }
    Object decoded;
    try {
      decoded = PhpSerialize.decode(payload, MAX_DEPTH, payload.length());
    } catch (PhpSerializeException e) {
      throw Refused.badRequest(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
    }
    if (!(decoded instanceof JsonObject request)) {
      throw Refused.badRequest("not_array", "not an array with cmd and key");
    }
    Object cmd = field(request, "cmd");
    Object key = field(request, "key");
    if (cmd == null || key == null) {
      throw Refused.badRequest("missing", cmd == null ? "no cmd" : "no key");
    }
    String name = key instanceof Long n ? n.toString() : key instanceof String s ? s : null;
    if (name == null || name.isEmpty() || name.length() > maxKeyLength) {
      throw Refused.badRequest("key", name == null ? "a key that is not a string"
          : "a key of " + name.length() + " characters (1 to " + maxKeyLength + ")");
    }
    if (!(cmd instanceof String command)) {
      throw Refused.badRequest("cmd", "a cmd that is not a string");
    }
    if (!COMMANDS.contains(command)) {
      throw Refused.badCmd(command);
    }
    if (command.equals("increment") && step(request) == null) {
      throw Refused.badRequest("step", "a step that is not a number");
    }
    return new WorkermanRequest(command, name, request);
  }

  /** @return the {@code value} field, null when absent (PHP's null) */
  Object value() {
    return field(fields, "value");
  }

  /** @return the {@code md5} field when it is a string, else null (it matches nothing) */
  String md5() {
    return field(fields, "md5") instanceof String md5 ? md5 : null;
  }

  /**
   * A field as {@link PhpSerialize} read it: {@code JsonObject.getValue} would turn a byte string
   * that is not UTF-8 ({@link Buffer}) into its base64 text.
   */
  private static Object field(JsonObject request, String name) {
    return request.getMap().get(name);
  }

  /** @return the {@code step} as PHP adds it: absent counts 0, true 1, false 0 */
  Number step() {
    return step(fields);
  }

  private static Number step(JsonObject request) {
    Object step = field(request, "step");
    if (step == null) {
      return 0L;
    }
    if (step instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    return PhpNumbers.numeric(step);
  }

  /**
   * A request Workerman's server would close with an answer: the answer (PHP's serialize() of a
   * string) and a short reason for the log and the meters.
   */
  static final class Refused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient Buffer answer;

    private Refused(String reason, String message, String answer) {
      super(message, null, false, false);
      this.reason = reason;
      this.answer = PhpSerialize.encode(answer);
    }

    static Refused badRequest(String reason, String message) {
      return new Refused(reason, message, "bad request");
    }

    static Refused badCmd(String cmd) {
      return new Refused("bad_cmd", "unknown cmd " + cmd, "bad cmd " + cmd);
    }

    /** @return the bounded reason: a label of the bad-request meter */
    String reason() {
      return reason;
    }

    /** @return the answer's payload, written before the connection closes */
    Buffer answer() {
      return answer;
    }
  }
}
