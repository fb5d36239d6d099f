package dev.switchboard.gateway.impl;

import java.lang.reflect.InvocationTargetException;

/**
 * Creates an application handler named in a verticle's configuration.
 *
 * <p>Threading: stateless.
 */
public final class HandlerClasses {

  private HandlerClasses() {
  }

  /**
   * @param className the class name, with a public no-argument constructor
   * @param type      the interface it must implement
   * @param <T>       that interface
   * @return a new instance
   * @throws IllegalArgumentException when the class is missing, of the wrong type or cannot be
   *     created
   */
  public static <T> T instantiate(String className, Class<T> type) {
    try {
      Class<?> found = Class.forName(className, true,
          Thread.currentThread().getContextClassLoader());
      if (!type.isAssignableFrom(found)) {
        throw new IllegalArgumentException("handler " + className + " is not a "
            + type.getSimpleName());
      }
      return type.cast(found.getConstructor().newInstance());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("handler class not found: " + className, e);
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalArgumentException("handler " + className
          + " needs a public no-argument constructor: " + e, e);
    }
  }
}
