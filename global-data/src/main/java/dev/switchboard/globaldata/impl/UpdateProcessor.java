package dev.switchboard.globaldata.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import dev.switchboard.globaldata.UpdateFunction;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Map;

/**
 * The server-side updates beyond Workerman's ({@code compareAndExchange}, {@code getAndSet},
 * {@code max}, {@code min}, {@code append}, {@code merge}, {@code incrementIfLess} and registered
 * update functions), run once on the partition owner under the partition's ordering. The backup
 * replica never computes: it gets the owner's written text ({@link BackupWrite}), or nothing when
 * the owner wrote nothing. Returns an {@link UpdateOutcome}; a refusal changes nothing.
 *
 * <p>Expiry: {@code compareAndExchange} and {@code getAndSet} set the ttl they were given (none:
 * permanent), as {@code cas} and {@code set} do; the other updates keep the entry's expiry, as
 * {@code increment} does, and give an entry they create the ttl they were given, or the map's
 * default.
 *
 * <p>A result is checked where it is computed ({@link JsonValues#encode}: JSON-compatible, reads
 * back as computed, within the caller's {@code maxValueSize}). An update function is found in the
 * registry of the member Hazelcast injects ({@link HazelcastInstanceAware}, {@link
 * FunctionRegistry}): a caller sends only its name.
 *
 * <p>For single-key use ({@code submitToKey}) only. Not thread-safe: Hazelcast runs one
 * instance on one partition thread. Travels as {@link DataSerializable}.
 */
public final class UpdateProcessor extends OwnerDecides<UpdateOutcome>
    implements HazelcastInstanceAware {

  private static final long serialVersionUID = 1L;

  /** Which update. */
  enum Kind { EXCHANGE, GET_AND_SET, MAX, MIN, APPEND, MERGE, INCREMENT_IF_LESS, FUNCTION }

  private Kind kind;
  /** The new value, element, patch or function argument, as JSON text; null for none. */
  private String operand;
  /** EXCHANGE: the expected value as JSON text, null for absent; FUNCTION: its name. */
  private String expectedOrName;
  /** MAX, MIN: the candidate; INCREMENT_IF_LESS: the step. */
  private Number number;
  /** INCREMENT_IF_LESS: the limit. */
  private Number limit;
  /** APPEND: the longest array kept. */
  private long maxLength;
  /** See the class comment; 0 for none. */
  private long ttlMillis;
  private int maxValueSize;
  private transient HazelcastInstance member;

  /** For Hazelcast's deserialization only. */
  public UpdateProcessor() {
  }

  private UpdateProcessor(Kind kind, String operand, String expectedOrName, Number number,
      Number limit, long maxLength, long ttlMillis, int maxValueSize) {
    this.kind = kind;
    this.operand = operand;
    this.expectedOrName = expectedOrName;
    this.number = number;
    this.limit = limit;
    this.maxLength = maxLength;
    this.ttlMillis = ttlMillis;
    this.maxValueSize = maxValueSize;
  }

  static UpdateProcessor exchange(String expected, String value, long ttlMillis) {
    return new UpdateProcessor(Kind.EXCHANGE, value, expected, null, null, 0, ttlMillis, 0);
  }

  static UpdateProcessor getAndSet(String value, long ttlMillis) {
    return new UpdateProcessor(Kind.GET_AND_SET, value, null, null, null, 0, ttlMillis, 0);
  }

  static UpdateProcessor extreme(Number value, boolean greatest) {
    return new UpdateProcessor(greatest ? Kind.MAX : Kind.MIN, null, null, value, null, 0, 0, 0);
  }

  static UpdateProcessor incrementIfLess(Number step, Number limit, long ttlMillis) {
    return new UpdateProcessor(Kind.INCREMENT_IF_LESS, null, null, step, limit, 0, ttlMillis, 0);
  }

  static UpdateProcessor append(String element, int maxLength, int maxValueSize) {
    return new UpdateProcessor(Kind.APPEND, element, null, null, null, maxLength, 0,
        maxValueSize);
  }

  static UpdateProcessor merge(String patch, int maxValueSize) {
    return new UpdateProcessor(Kind.MERGE, patch, null, null, null, 0, 0, maxValueSize);
  }

  static UpdateProcessor function(String name, String argument, int maxValueSize) {
    return new UpdateProcessor(Kind.FUNCTION, argument, name, null, null, 0, 0, maxValueSize);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.member = hazelcastInstance;
  }

  @Override
  public UpdateOutcome process(Map.Entry<String, String> entry) {
    written = null;
    String key = entry.getKey();
    String stored = entry.getValue();
    Object next;
    try {
      next = compute(key, stored);
    } catch (GlobalDataException e) {
      return UpdateOutcome.refused(e);
    }
    if (next == BuiltInUpdates.UNCHANGED) {
      return UpdateOutcome.done(false, stored, stored);
    }
    String text = (String) next;
    boolean alwaysWrites = kind == Kind.EXCHANGE || kind == Kind.GET_AND_SET;
    if (!alwaysWrites && (text == null ? stored == null : text.equals(stored))) {
      return UpdateOutcome.done(false, stored, stored);
    }
    written = write(entry, stored, text, alwaysWrites);
    return UpdateOutcome.done(true, stored, text);
  }

  /** @return the JSON text to store, null to remove the key, or UNCHANGED */
  private Object compute(String key, String stored) {
    return switch (kind) {
      case EXCHANGE -> CasProcessor.matches(expectedOrName, stored) ? operand
          : BuiltInUpdates.UNCHANGED;
      case GET_AND_SET -> operand;
      case MAX, MIN -> number(BuiltInUpdates.extreme(key, JsonValues.decode(stored), number,
          kind == Kind.MAX));
      case INCREMENT_IF_LESS -> number(BuiltInUpdates.incrementIfLess(key,
          JsonValues.decode(stored), number, limit));
      case APPEND -> JsonValues.encode(key, BuiltInUpdates.append(key, JsonValues.decode(stored),
          JsonValues.decode(operand), maxLength), maxValueSize);
      case MERGE -> JsonValues.encode(key, BuiltInUpdates.merge(key, JsonValues.decode(stored),
          (JsonObject) JsonValues.decode(operand)), maxValueSize);
      case FUNCTION -> applyFunction(key, JsonValues.decode(stored));
    };
  }

  private static Object number(Object result) {
    return result == BuiltInUpdates.UNCHANGED ? result : Json.encode(result);
  }

  /**
   * Runs a registered function; what it throws, or returns that cannot be stored, is refused.
   *
   * @return the JSON text of its result, or null when it returned null (remove the key)
   */
  private String applyFunction(String key, Object current) {
    FunctionRegistry registry = FunctionRegistry.find(member);
    UpdateFunction function = registry == null ? null : registry.get(expectedOrName);
    if (function == null) {
      throw new GlobalDataException(Reason.UNKNOWN_FUNCTION, "No update function "
          + expectedOrName + " is registered on the member owning the key [key=" + key + "]");
    }
    Object result;
    try {
      result = function.apply(current, JsonValues.decode(operand));
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      throw new GlobalDataException(Reason.FUNCTION_FAILED, "Update function " + expectedOrName
          + " threw " + e.getClass().getName() + ": " + e.getMessage() + " [key=" + key + "]");
    }
    if (result == null) {
      return null;
    }
    try {
      return JsonValues.encode(key, result, maxValueSize);
    } catch (GlobalDataException e) {
      throw new GlobalDataException(e.reason(), "Update function " + expectedOrName
          + " returned a value that cannot be stored: " + e.detail());
    }
  }

  private BackupWrite write(Map.Entry<String, String> entry, String stored, String text,
      boolean setsTtl) {
    if (text == null) {
      return BackupWrite.removing(entry);
    }
    if (setsTtl) {
      return BackupWrite.withTtl(entry, text, ttlMillis);
    }
    if (stored == null) {
      return ttlMillis > 0 ? BackupWrite.withTtl(entry, text, ttlMillis)
          : BackupWrite.withDefaultExpiry(entry, text);
    }
    return BackupWrite.keepingExpiry(entry, text);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeByte(kind.ordinal());
    out.writeString(operand);
    out.writeString(expectedOrName);
    writeNumber(out, number);
    writeNumber(out, limit);
    out.writeLong(maxLength);
    out.writeLong(ttlMillis);
    out.writeInt(maxValueSize);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    kind = Kind.values()[in.readByte()];
    operand = in.readString();
    expectedOrName = in.readString();
    number = readNumber(in);
    limit = readNumber(in);
    maxLength = in.readLong();
    ttlMillis = in.readLong();
    maxValueSize = in.readInt();
  }

  private static void writeNumber(ObjectDataOutput out, Number n) throws IOException {
    out.writeBoolean(n != null);
    if (n != null) {
      IncrementProcessor.writeStep(out, n);
    }
  }

  private static Number readNumber(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? IncrementProcessor.readStep(in) : null;
  }
}
