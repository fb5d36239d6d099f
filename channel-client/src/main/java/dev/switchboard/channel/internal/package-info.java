/**
 * Listener plumbing shared by the modules that accept network clients, not API: {@link
 * dev.switchboard.channel.internal.ConnectionLimits} (connection counts per listener and address,
 * refusal while file descriptors run low), {@link dev.switchboard.channel.internal.RateLimitedLog}
 * (at most one line per interval about misbehaving clients) and {@link
 * dev.switchboard.channel.internal.LogSafe} (escaping of client-supplied text in log lines).
 *
 * <p>Users: {@code channel-client} itself, {@code channel-server} and {@code gateway-verticles}.
 * Nothing here is stable for applications; it moves to the {@code core} module with issue 14.
 */
package dev.switchboard.channel.internal;
