/**
 * The GlobalData benchmark ({@code benchmarks/globaldata.sh}, main {@link
 * dev.switchboard.bench.globaldata.GlobalDataBench}): increment and cas cells on a 2-member
 * cluster in member and client mode, Redis INCR (redis-benchmark) as the peer, the 3-node cluster
 * start times and a flight-recorder profile.
 */
package dev.switchboard.bench.globaldata;
