package dev.switchboard.globaldata.impl;

import com.hazelcast.map.IMap;
import dev.switchboard.core.internal.PhpSerialize;
import dev.switchboard.globaldata.GlobalDataException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs Workerman GlobalData's commands on GlobalData's map, each as one atomic Hazelcast operation
 * like the Java API's ({@link HazelcastGlobalData}): {@code get} and {@code delete} one round trip
 * to the key's owner, {@code set} one write, {@code add}, {@code cas} and {@code increment} entry
 * processors on the owner. Answers are Workerman's: the serialized value or {@code N;}, {@code
 * b:1;} / {@code b:0;}, the new value of an increment or {@code b:0;} when the key is absent. A
 * failure (the cluster's, or a value GlobalData cannot store) fails the future with a {@link
 * GlobalDataException}; the connection then closes without an answer.
 *
 * <p>Threading: any thread; the futures complete on the given context.
 */
final class WorkermanCommands {

  private static final String TRUE = "b:1;";
  private static final String FALSE = "b:0;";

  private final IMap<String, String> map;
  private final int maxValueSize;
  private final GlobalDataMeters meters;

  /**
   * @param map          GlobalData's map
   * @param maxValueSize the largest stored value, JSON UTF-8 bytes
   * @param meters       the listener's meters (by {@code cmd} and result)
   */
  WorkermanCommands(IMap<String, String> map, int maxValueSize, GlobalDataMeters meters) {
    this.map = map;
    this.maxValueSize = maxValueSize;
    this.meters = meters;
  }

  /**
   * @param request a parsed request
   * @param context where the future completes
   * @return the answer's payload
   */
  Future<Buffer> run(WorkermanRequest request, Context context) {
    long started = System.nanoTime();
    Future<Buffer> answer;
    try {
      answer = start(request, context);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(HazelcastFailures.translate(e, false));
    }
    return meters.measured(request.cmd(), started, answer);
  }

  private Future<Buffer> start(WorkermanRequest request, Context context) {
    String key = request.key();
    return switch (request.cmd()) {
      case "get" -> call(context, () -> map.getAsync(key), PhpValues::serialize);
      case "set" -> {
        String value = stored(request);
        yield value == null
            ? call(context, () -> map.removeAsync(key), removed -> answer(TRUE))
            // no expiry, also clearing one the entry had: as a Java set without a ttl
            : call(context, () -> map.setAsync(key, value, 0, TimeUnit.SECONDS),
                done -> answer(TRUE));
      }
      case "add" -> {
        String value = stored(request);
        // adding null stores nothing: it succeeds where a value could have been added
        yield value == null
            ? call(context, () -> map.getAsync(key), current -> bool(current == null))
            : call(context, () -> map.submitToKey(key, new CasProcessor(null, value, 0)),
                this::bool);
      }
      case "increment" -> call(context, () -> map.submitToKey(key,
          new PhpIncrementProcessor(request.step())), result -> incremented(key, result));
      case "cas" -> call(context, () -> map.submitToKey(key,
          new PhpCasProcessor(request.md5(), stored(request))), this::bool);
      case "delete" -> call(context, () -> map.removeAsync(key), removed -> answer(TRUE));
      default -> throw new IllegalStateException("parsed requests hold a known cmd, not "
          + request.cmd());
    };
  }

  private String stored(WorkermanRequest request) {
    return PhpValues.toStored(request.key(), request.value(), maxValueSize);
  }

  private Buffer incremented(String key, Object result) {
    if (result == IncrementProcessor.Failure.NOT_FOUND) {
      return answer(FALSE);
    }
    if (result instanceof IncrementProcessor.Failure) {
      throw new GlobalDataException(Reason.OVERFLOW,
          "Increment would give a float PHP holds as INF [key=" + key + "]");
    }
    return PhpSerialize.encode(result);
  }

  private Buffer bool(Boolean value) {
    return answer(value ? TRUE : FALSE);
  }

  private static Buffer answer(String serialized) {
    return Buffer.buffer(serialized);
  }

  private static <R> Future<Buffer> call(Context context, Supplier<CompletionStage<R>> start,
      Function<R, Buffer> answer) {
    return Future.fromCompletionStage(start.get(), context)
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(HazelcastFailures.translate(ar.cause(), false));
          }
          try {
            return Future.succeededFuture(answer.apply(ar.result()));
          } catch (RuntimeException e) {
            return Future.failedFuture(HazelcastFailures.translate(e, false));
          }
        });
  }
}
