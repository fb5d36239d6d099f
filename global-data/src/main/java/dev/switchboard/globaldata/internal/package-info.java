/**
 * GlobalData's Hazelcast client configuration, shared with the tools that start a Hazelcast client
 * of their own against a GlobalData cluster. <b>Not API</b>: nothing here is stable for
 * applications. Users: {@code global-data} itself and {@code benchmarks}.
 */
package dev.switchboard.globaldata.internal;
