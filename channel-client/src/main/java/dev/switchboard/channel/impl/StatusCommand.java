package dev.switchboard.channel.impl;

import dev.switchboard.channel.ChannelClient;
import dev.switchboard.channel.ChannelClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * {@code bin/channel-status [host:port] [token]}: prints the counters of a running channel server
 * and of its node as JSON, through the protocol's {@code status} request.
 */
public final class StatusCommand {

  private StatusCommand() {
  }

  /**
   * @param args the server ({@code host:port}, default 127.0.0.1:2206) and, optionally, its token
   */
  public static void main(String[] args) {
    ChannelClientOptions options = new ChannelClientOptions()
        .setServer(args.length > 0 ? args[0] : ChannelClientOptions.DEFAULT_SERVER)
        .setToken(args.length > 1 ? args[1] : null)
        .setRequestTimeout(5_000);
    ChannelClient client = ChannelClient.create(options);
    int exit = 0;
    try {
      JsonObject status = client.status().toCompletionStage().toCompletableFuture()
          .get(15, TimeUnit.SECONDS);
      System.out.println(status.encodePrettily());
    } catch (Exception e) {
      System.err.println("channel-status: " + options.getServers().get(0) + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      exit = 1;
    } finally {
      client.close();
    }
    System.exit(exit);
  }
}
