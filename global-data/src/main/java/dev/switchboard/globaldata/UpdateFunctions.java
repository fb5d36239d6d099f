package dev.switchboard.globaldata;

import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.impl.FunctionRegistry;

import java.util.Map;

/**
 * Registers {@link UpdateFunction}s on a Hazelcast member, for {@link GlobalData#update}. Every
 * member that may own a key must have the same functions under the same names: register them on
 * each member at its start, before callers use them (a {@link GlobalDataVerticle} or
 * {@link GlobalData#member} does it from the {@code updateFunctions} option; an embedded member
 * can call this).
 *
 * <p>Who may run what: only the functions registered here run; a caller (a member or a client)
 * sends a name, never code or a class name. Registering a name twice with the same function (or
 * an instance of the same class) is harmless; with another one it is refused.
 *
 * <p>Thread-safe.
 */
public final class UpdateFunctions {

  /** Longest function name, in characters: {@value}. */
  public static final int MAX_NAME_LENGTH = 128;

  private UpdateFunctions() {
  }

  /**
   * @param member   a Hazelcast member (not a client: functions run on the members)
   * @param name     the name callers use, 1 to {@value #MAX_NAME_LENGTH} characters of letters,
   *                 digits, '.', '_', '-' and ':'
   * @param function the function, stateless and thread-safe (see {@link UpdateFunction})
   * @throws IllegalArgumentException for a client, a bad name, or a name already registered to
   *     another function
   */
  public static void register(HazelcastInstance member, String name, UpdateFunction function) {
    FunctionRegistry.of(member).register(name, function);
  }

  /**
   * Loads and registers functions by class name: each class must implement
   * {@link UpdateFunction} and have a public no-argument constructor.
   *
   * @param member     a Hazelcast member (a client only when the map is empty: nothing to do)
   * @param classNames function name to class name
   * @throws IllegalArgumentException as {@link #register(HazelcastInstance, String,
   *     UpdateFunction)}, or when a class cannot be loaded or is not an {@link UpdateFunction}
   */
  public static void register(HazelcastInstance member, Map<String, String> classNames) {
    if (classNames.isEmpty()) {
      return;
    }
    FunctionRegistry registry = FunctionRegistry.of(member);
    classNames.forEach((name, className) -> registry.register(name,
        FunctionRegistry.load(name, className)));
  }
}
