package dev.switchboard.bench.soak;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import dev.switchboard.testkit.Await;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak's channel load: per node, publishers and subscribers on remote {@link ChannelClient}s
 * whose server list starts with that node's channel server (then the others: when their node
 * stops they fail over). Every publisher publishes {@code P:SEQ} on one channel every
 * {@value #INTERVAL_MS} ms; every subscriber checks every publisher's sequence numbers
 * ({@link ChannelTally}).
 *
 * <p>Not thread-safe: started and stopped by the main thread; the clients' callbacks run on their
 * own contexts and only touch the tally.
 */
final class ChannelLoad {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelLoad.class);

  static final String CHANNEL = "soak.events";
  private static final long INTERVAL_MS = 20;

  private final Vertx vertx;
  private final ChannelTally tally = new ChannelTally();
  private final List<ChannelClient> clients = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  ChannelLoad(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Subscribes every subscriber (waiting for the confirmations), then starts the publishers.
   *
   * @param cluster   the nodes
   * @param perNode   publishers (and subscribers) per node
   * @throws Exception when a subscription is not confirmed within a minute
   */
  void start(SoakCluster cluster, int perNode) throws Exception {
    int publisherCount = perNode * SoakCluster.NODES;
    for (int n = 0; n < SoakCluster.NODES; n++) {
      for (int k = 0; k < perNode; k++) {
        ChannelClient client = client(cluster, n);
        ChannelTally.Subscriber subscriber = tally.subscriber(publisherCount);
        client.on(CHANNEL, message -> {
          String[] key = String.valueOf(message.data()).split(":");
          subscriber.receive(Integer.parseInt(key[0]), Integer.parseInt(key[1]));
        }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        subscriber.subscribed(System.nanoTime());
      }
    }
    for (int n = 0; n < SoakCluster.NODES; n++) {
      for (int k = 0; k < perNode; k++) {
        ChannelClient client = client(cluster, n);
        ChannelTally.Publisher publisher = tally.publisher();
        int number = n * perNode + k;
        timers.add(vertx.setPeriodic(INTERVAL_MS, id -> {
          int seq = publisher.next(System.nanoTime());
          client.publish(CHANNEL, number + ":" + seq).onComplete(
              v -> publisher.done(seq, true, System.nanoTime()),
              e -> publisher.done(seq, false, System.nanoTime()));
        }));
      }
    }
    LOG.info("Channel load: {} publishers, {} subscribers on {}", publisherCount,
        publisherCount, CHANNEL);
  }

  private ChannelClient client(SoakCluster cluster, int first) {
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < SoakCluster.NODES; i++) {
      servers.add("127.0.0.1:" + cluster.channelPort((first + i) % SoakCluster.NODES));
    }
    ChannelClient client = ChannelClient.create(vertx, new ChannelClientOptions()
        .setServers(servers));
    clients.add(client);
    return client;
  }

  /** Stops publishing. */
  void stopPublishing() {
    timers.forEach(vertx::cancelTimer);
  }

  /** Closes every client. */
  void close() {
    clients.forEach(c -> Await.result(c.close(), Duration.ofSeconds(30),
        "closing a channel client"));
  }

  /** @return the tally */
  ChannelTally tally() {
    return tally;
  }
}
