/**
 * What every benchmark shares (not API): the {@code main} frame ({@link
 * dev.switchboard.bench.common.BenchMain}, picocli command lines through {@link
 * dev.switchboard.bench.common.CommandLines}, {@link dev.switchboard.bench.common.RunOptions}),
 * child processes and their clean-up ({@link dev.switchboard.bench.common.ChildProcess}, {@link
 * dev.switchboard.bench.common.Cleanup}, {@link dev.switchboard.bench.common.RedisServer}), CPU and
 * I/O samples of processes, latency histograms ({@link dev.switchboard.bench.common.Latencies},
 * HdrHistogram), flight-recorder settings and summaries, and the report writers: markdown tables
 * ({@link dev.switchboard.bench.common.Table}), CSV ({@link dev.switchboard.bench.common.Csv}),
 * number formats ({@link dev.switchboard.bench.common.Fmt}), the report frame and files.
 */
package dev.switchboard.bench.common;
