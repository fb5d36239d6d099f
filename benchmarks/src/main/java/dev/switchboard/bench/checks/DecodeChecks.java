package dev.switchboard.bench.checks;

import dev.switchboard.channel.ChannelMessage;
import dev.switchboard.channel.internal.Frames;
import dev.switchboard.core.internal.StrictJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Frame decoding before and after issue 13, side by side on the frames of the end-to-end
 * benchmarks ({@link RealFrames}): {@code old*} runs what {@code 48caaca} ran ({@link Before13}),
 * {@code new*} the production code of now.
 *
 * <ul>
 *   <li>{@code *PublishRequest}: the channel server reads each publish request
 *       ({@code ServerConnection.request}: {@code Frames.decode}), now with {@code StrictJson};
 *   <li>{@code *Ack}: the publishing client reads the ack of each publish
 *       ({@code ServerFrames.onFrame}: {@code Frames.decode});
 *   <li>{@code newEvent}: a subscribing client reads each delivery ({@code Frames.decodeEvent});
 *       the data is a plain string, read without a parser by the same code before and after, so
 *       there is no old method: the old figure is this one;
 *   <li>{@code *ObjectData}: data that is a JSON object, which neither benchmark sends, parsed
 *       by the fallback of {@code decodeEvent} (Vert.x's parser before, {@code StrictJson} now).
 * </ul>
 *
 * <p>Threading: JMH's; one state per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeChecks {

  private final Buffer publishRequest = RealFrames.publishRequest();
  private final Buffer ack = RealFrames.ack();
  private final Buffer event = RealFrames.event();
  private final byte[] objectData = RealFrames.objectData();

  /** @return the request as the server of {@code 48caaca} read it */
  @Benchmark
  public JsonObject oldPublishRequest() {
    return Before13.decode(publishRequest);
  }

  /** @return the request as the server reads it now */
  @Benchmark
  public JsonObject newPublishRequest() {
    return Frames.decode(publishRequest);
  }

  /** @return the ack as the client of {@code 48caaca} read it */
  @Benchmark
  public JsonObject oldAck() {
    return Before13.decode(ack);
  }

  /** @return the ack as the client reads it now */
  @Benchmark
  public JsonObject newAck() {
    return Frames.decode(ack);
  }

  /** @return the delivery as a subscriber reads it, now and before (the same code) */
  @Benchmark
  public ChannelMessage newEvent() {
    return Frames.decodeEvent(event);
  }

  /** @return JSON object data as the parser of {@code 48caaca} read it */
  @Benchmark
  public Object oldObjectData() {
    return Before13.decodeJson(objectData, 0, objectData.length);
  }

  /** @return JSON object data as {@code StrictJson} reads it */
  @Benchmark
  public Object newObjectData() {
    return StrictJson.decode(objectData, 0, objectData.length);
  }
}
