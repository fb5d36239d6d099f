package dev.switchboard.channel.internal;

/**
 * One item of a work queue handed to a {@link QueueWatcher}.
 *
 * @param queue       the queue
 * @param item        the item's id, unique in the cluster: what an ack or nack names
 * @param dataJson    the item's data, as JSON text
 * @param redelivered whether the item was delivered before (its watcher nacked it, unwatched,
 *                    disconnected or died before acknowledging it)
 */
public record QueueDelivery(String queue, String item, String dataJson, boolean redelivered) {
}
