/**
 * What every Switchboard module shares, as API: {@link dev.switchboard.core.ListenerOptions} (the
 * options of every server: listen address, TLS, message and send-buffer bounds, connection
 * limits), {@link dev.switchboard.core.OverflowPolicy} and {@link
 * dev.switchboard.core.SwitchboardException}, the base of each module's exception, with its typed
 * {@link dev.switchboard.core.ErrorReason}; {@link dev.switchboard.core.JwtOptions}, how a server
 * checks JSON Web Tokens, and {@link dev.switchboard.core.JwtException}, a refused token with its
 * reason. The shared machinery behind them is in {@code
 * dev.switchboard.core.internal}, which is not API.
 */
package dev.switchboard.core;
