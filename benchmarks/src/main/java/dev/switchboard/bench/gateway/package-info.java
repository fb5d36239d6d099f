/**
 * The gateway broadcast benchmark ({@code benchmarks/gateway.sh}, main {@link
 * dev.switchboard.bench.gateway.GatewayBench}): fan-out, memory per idle connection, slow
 * consumers and the cross-node group send, our gateway against Socket.IO and ws under the Node
 * load generator of {@code benchmarks/gateway}; the server processes {@link
 * dev.switchboard.bench.gateway.GatewayBenchServer} and {@link
 * dev.switchboard.bench.gateway.GroupSendNode}.
 */
package dev.switchboard.bench.gateway;
