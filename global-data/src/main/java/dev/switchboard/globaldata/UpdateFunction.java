package dev.switchboard.globaldata;

/**
 * A user-defined update of one GlobalData value, run by {@link GlobalData#update} on the key's
 * partition owner, atomically: no other operation on the key runs between the read of
 * {@code current} and the write of the result, and the backup replica gets the owner's result
 * (the function runs once per call, never again on the backup).
 *
 * <p>Members run only functions registered on them under a name ({@link UpdateFunctions}, or the
 * {@code updateFunctions} option of {@link GlobalDataOptions} on a member); a caller names the
 * function and cannot make a member load a class.
 *
 * <p><b>Threading:</b> {@code apply} runs on a Hazelcast partition thread, which serves every
 * other key of the partition meanwhile: it must be quick (microseconds), must never block (no
 * I/O, no locks held by others, no calls to GlobalData, Hazelcast or Vert.x), and must be pure: it
 * depends on its arguments only, keeps no state between calls (one instance serves every
 * partition thread at once) and has no side effects. It receives fresh copies it may change.
 *
 * <p>Values are JSON values as {@link GlobalData#get} returns them ({@link String},
 * {@link Number}, {@link Boolean}, {@link io.vertx.core.json.JsonObject},
 * {@link io.vertx.core.json.JsonArray}).
 */
@FunctionalInterface
public interface UpdateFunction {

  /**
   * @param current  the value the key holds, or null when it is absent
   * @param argument the caller's argument, or null when it gave none
   * @return the value to store (it must be JSON-compatible, read back as returned and fit
   *     {@code maxValueSize}, or the call fails and nothing changes); the same value as
   *     {@code current} to change nothing; null to delete the key
   * @throws RuntimeException to refuse: nothing changes and the caller's future fails with
   *     {@link GlobalDataException.Reason#FUNCTION_FAILED}, naming the function and the
   *     exception's message
   */
  Object apply(Object current, Object argument);
}
