/**
 * Running Switchboard's verticles with Vert.x 5's application launcher: start at
 * {@link dev.switchboard.launcher.SwitchboardApplication}, a main class of the all-in-one jar.
 * {@code bin/vertx run} keeps the classic launcher ({@code io.vertx.core.Launcher}).
 */
package dev.switchboard.launcher;
