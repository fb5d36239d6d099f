package dev.switchboard.globaldata.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.globaldata.UpdateFunction;
import dev.switchboard.globaldata.UpdateFunctions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@link UpdateFunction}s registered on one Hazelcast member, kept in the member's user
 * context ({@link HazelcastInstance#getUserContext()}) so that an entry processor finds them
 * through the instance Hazelcast injects into it ({@link UpdateProcessor}), and several members
 * in one JVM each have their own.
 *
 * <p>Thread-safe: registration and lookup go through a {@link ConcurrentHashMap}.
 */
public final class FunctionRegistry {

  /** The key of the registry in the member's user context. */
  static final String USER_CONTEXT_KEY = "switchboard.globaldata.updateFunctions";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,"
      + UpdateFunctions.MAX_NAME_LENGTH + "}");

  private final Map<String, UpdateFunction> functions = new ConcurrentHashMap<>();

  private FunctionRegistry() {
  }

  /**
   * @param member a Hazelcast member
   * @return its registry, created on first use
   * @throws IllegalArgumentException when the instance is a client
   */
  public static FunctionRegistry of(HazelcastInstance member) {
    if (!(member.getLocalEndpoint() instanceof Member)) {
      throw new IllegalArgumentException("Update functions run on the members: register them "
          + "on each member (its updateFunctions option or UpdateFunctions.register), not on a "
          + "client");
    }
    return (FunctionRegistry) member.getUserContext()
        .computeIfAbsent(USER_CONTEXT_KEY, k -> new FunctionRegistry());
  }

  /**
   * @param member a Hazelcast member, or null when Hazelcast injected none
   * @return its registry, or null when it has none
   */
  static FunctionRegistry find(HazelcastInstance member) {
    return member == null ? null
        : (FunctionRegistry) member.getUserContext().get(USER_CONTEXT_KEY);
  }

  /**
   * @param name a function name as a caller gives it
   * @return whether it is a well-formed name
   */
  static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * @param name     the name
   * @param function the function
   * @throws IllegalArgumentException for a bad name, or a name taken by another function
   */
  public void register(String name, UpdateFunction function) {
    if (!validName(name)) {
      throw new IllegalArgumentException("Update function name must be 1 to "
          + UpdateFunctions.MAX_NAME_LENGTH + " letters, digits, '.', '_', '-' or ':': " + name);
    }
    if (function == null) {
      throw new IllegalArgumentException("Update function " + name + " is null");
    }
    UpdateFunction existing = functions.putIfAbsent(name, function);
    if (existing != null && existing != function
        && existing.getClass() != function.getClass()) {
      throw new IllegalArgumentException("Update function " + name + " is already registered "
          + "to " + existing.getClass().getName() + ", not " + function.getClass().getName());
    }
  }

  /**
   * @param name a name
   * @return the function, or null when none is registered under it
   */
  UpdateFunction get(String name) {
    return functions.get(name);
  }

  /**
   * Loads a function class and makes an instance.
   *
   * @param name      the name it is registered under, for messages
   * @param className the class, implementing {@link UpdateFunction} with a public no-argument
   *                  constructor
   * @return an instance
   * @throws IllegalArgumentException when it cannot be loaded or made
   */
  public static UpdateFunction load(String name, String className) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(className, true,
          loader != null ? loader : FunctionRegistry.class.getClassLoader());
      if (!UpdateFunction.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("Update function " + name + ": " + className
            + " does not implement " + UpdateFunction.class.getName());
      }
      return (UpdateFunction) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException("Update function " + name + ": cannot load "
          + className + " (a public class with a public no-argument constructor, on the "
          + "member's class path): " + e, e);
    }
  }
}
