/**
 * GlobalData: cluster-wide shared variables with atomic {@code add}, {@code cas} and
 * {@code increment} on a Hazelcast map, and beyond Workerman's: {@code compareAndExchange}
 * ({@link dev.switchboard.globaldata.Exchange}) and server-side updates with no retry loop
 * ({@link dev.switchboard.globaldata.Update}), built in or registered on the members as
 * {@link dev.switchboard.globaldata.UpdateFunction}s ({@link
 * dev.switchboard.globaldata.UpdateFunctions}).
 *
 * <p>Start with {@link dev.switchboard.globaldata.GlobalData}: {@code GlobalData.member(vertx)}
 * inside a clustered node, {@code GlobalData.client(vertx, options)} from a process outside the
 * cluster. {@link dev.switchboard.globaldata.GlobalDataVerticle} deploys a data node, which can
 * also serve PHP's Workerman {@code GlobalData\Client} on the same variables ({@link
 * dev.switchboard.globaldata.WorkermanOptions}). Failures
 * arrive as {@link dev.switchboard.globaldata.GlobalDataException} with a reason.
 */
package dev.switchboard.globaldata;
