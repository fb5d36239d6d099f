/**
 * JMH micro-benchmarks of the checks issue 13 added on the hot paths of the channel and gateway
 * benchmarks, each beside what ran before it (commit {@code 48caaca}) on the frames those
 * benchmarks send; {@link dev.switchboard.bench.checks.ChecksMain} runs them and prints old
 * against new ({@code benchmarks/checks.sh}). The channel server's package-private checks are
 * reached through {@code dev.switchboard.channel.server.impl.RequestChecks}, a class of this
 * module placed in that package.
 */
package dev.switchboard.bench.checks;
