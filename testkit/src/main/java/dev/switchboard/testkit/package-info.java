/**
 * The clustered-test harness of every Switchboard module: start with
 * {@link dev.switchboard.testkit.ClusteredTestBase} (N real clustered nodes in this JVM, closed
 * after each test), {@link dev.switchboard.testkit.NodeProcess} for nodes in separate JVMs that a
 * test can kill, {@link dev.switchboard.testkit.Await} for bounded waits, and {@link
 * dev.switchboard.testkit.JwtTokens} for keys and JSON Web Tokens signed with them.
 */
package dev.switchboard.testkit;
