package dev.switchboard.channel.server.impl;

import dev.switchboard.channel.impl.FrameParser;
import dev.switchboard.channel.impl.SendBuffer;
import dev.switchboard.channel.server.ChannelServerOptions;

import java.util.Set;

/**
 * The checks {@code ServerConnection} runs on each request, before issue 13 ({@code 48caaca})
 * and now, for the micro-benchmarks of {@code dev.switchboard.bench.checks}. It lives in the
 * benchmarks module under the channel server's {@code impl} package because the classes it calls
 * ({@link ChannelAccess}, {@link InputGate}, {@link Credentials}) are package-private there: each
 * method makes exactly the calls of the production path, on the connection's state as it is
 * while a publisher keeps up (authenticated, send buffer not full, reading not paused).
 *
 * <p>The input gate is built on a real {@link SendBuffer} and {@link FrameParser}; its Vert.x
 * instance and socket are absent, because only pausing (a full send buffer) touches them, which
 * this steady state never reaches.
 *
 * <p>Threading: one instance per benchmark thread, like a connection on its context.
 */
public final class RequestChecks {

  // state of the connection before issue 13
  private volatile boolean authenticated = true;
  private boolean readPaused;
  // state of the connection now
  private volatile Credentials.Role role;
  private final InputGate input;
  // both
  private final SendBuffer out;
  private boolean closed;

  /**
   * A connection as the channel server makes it with default options (no token on loopback).
   */
  public RequestChecks() {
    ChannelServerOptions options = new ChannelServerOptions();
    out = new SendBuffer(null, null, options.getMaxSendBufferSize());
    FrameParser parser = new FrameParser(options.getMaxPackageSize(), frame -> { }, e -> { });
    input = new InputGate(null, null, parser, out, options.getPausedInputTimeout(), () -> { });
    role = new Credentials(options).initialRole();
  }

  /**
   * {@code ServerConnection.handle} of {@code 48caaca} for a publish, up to its call of
   * {@code publish}: the authentication check, the channels taken as they are.
   *
   * @return the channels to publish on, or null when refused
   */
  public Set<String> oldPublishAccess(String type, Set<String> channels) {
    if (!authenticated && !type.equals("auth")) {
      return null;
    }
    return channels;
  }

  /**
   * {@code ServerConnection.handle} now for a publish, up to its call of {@code publish}: the
   * role check and {@link ChannelAccess#publishable}.
   *
   * @return the channels to publish on, or null when refused
   */
  public Set<String> newPublishAccess(String type, Set<String> channels) {
    if (role == Credentials.Role.NONE && !type.equals("auth")) {
      return null;
    }
    return ChannelAccess.publishable(role == Credentials.Role.GATEWAY, channels);
  }

  /**
   * The end of {@code ServerConnection.onFrame} of {@code 48caaca}: pause reading when answers
   * filled the send buffer.
   *
   * @return whether reading is paused
   */
  public boolean oldAfterFrame() {
    if (out.full() && !readPaused && !closed) {
      readPaused = true;
    }
    return readPaused;
  }

  /**
   * The end of {@code ServerConnection.onFrame} now: {@link InputGate#update()}.
   *
   * @return whether reading is paused
   */
  public boolean newAfterFrame() {
    return !closed && input.update();
  }
}
