/**
 * Machinery shared by the Switchboard modules. <b>Not API</b>: nothing here is stable for
 * applications, and any class may change or go without notice. Users: the Switchboard modules
 * only ({@code channel-client}, {@code channel-server}, {@code global-data}, {@code
 * gateway-verticles}, {@code examples}, {@code benchmarks}).
 *
 * <p>What is here: length-prefix framing ({@link dev.switchboard.core.internal.Framing}, {@link
 * dev.switchboard.core.internal.FrameParser}, errors as {@link
 * dev.switchboard.core.internal.FrameException}) and line splitting ({@link
 * dev.switchboard.core.internal.LineParser}); the batching, bounded {@link
 * dev.switchboard.core.internal.SendBuffer} and {@link dev.switchboard.core.internal.Sockets}
 * (aborting a connection); the strict parser of peers' JSON ({@link
 * dev.switchboard.core.internal.StrictJson}); listener plumbing ({@link
 * dev.switchboard.core.internal.ConnectionLimits}, {@link
 * dev.switchboard.core.internal.RateLimitedLog}, {@link dev.switchboard.core.internal.LogSafe});
 * {@link dev.switchboard.core.internal.Backoff}; PHP's {@code serialize()} format for the
 * Workerman-compatible listeners ({@link dev.switchboard.core.internal.PhpSerialize}, errors as
 * {@link dev.switchboard.core.internal.PhpSerializeException}) and the source-address allow-list
 * of listeners that cannot authenticate ({@link dev.switchboard.core.internal.AddressAllowList}); the JSON Web Token verifier on vertx-auth-jwt
 * ({@link dev.switchboard.core.internal.JwtCheck}, used by the channel server and the gateway);
 * a node's metrics ({@link dev.switchboard.core.internal.NodeMetrics}, Vert.x's own turned on by
 * {@link dev.switchboard.core.internal.VertxMetrics}, with event-bus meters of our own installed by
 * {@link dev.switchboard.core.internal.EventBusMetersProvider});
 * and the lifecycle of node-wide objects ({@link
 * dev.switchboard.core.internal.NodeScoped}, {@link dev.switchboard.core.internal.Deployments},
 * {@link dev.switchboard.core.internal.Contexts}).
 */
package dev.switchboard.core.internal;
