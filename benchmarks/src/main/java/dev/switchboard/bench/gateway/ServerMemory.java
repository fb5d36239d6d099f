package dev.switchboard.bench.gateway;

/**
 * One server's memory at one moment, in bytes, right after a full garbage collection.
 *
 * @param rssBytes      resident set size ({@code VmRSS} of {@code /proc/PID/status})
 * @param peakRssBytes  the most resident memory since the process started ({@code VmHWM})
 * @param heapBytes     the managed heap in use: JVM heap used after {@code jcmd PID GC.run},
 *                      or V8 {@code heapUsed} after {@code global.gc()}
 * @param externalBytes Node only: V8 {@code external} (Buffers, socket data), else -1
 */
record ServerMemory(long rssBytes, long peakRssBytes, long heapBytes, long externalBytes) {
}
