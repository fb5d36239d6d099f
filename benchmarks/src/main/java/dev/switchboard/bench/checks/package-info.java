/**
 * JMH micro-benchmarks of the checks issue 13 added on the hot paths of the channel and gateway
 * benchmarks, each beside what ran before it (commit {@code 48caaca}) on the frames those
 * benchmarks send; {@link dev.switchboard.bench.checks.ChecksMain} runs them and prints old
 * against new ({@code benchmarks/checks.sh}). The channel server's package-private checks (the
 * access check, the input gate) are not measured here: a class of this module placed in the
 * server's {@code impl} package would break the module boundaries; they were measured once at
 * commit {@code 1a43597} (+5 ns and +1 ns per publish, docs/benchmarks.md).
 */
package dev.switchboard.bench.checks;
