package dev.switchboard.channel.server.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ChannelGrant}: the shapes of the channels claim, the patterns, and the bounds. */
class ChannelGrantTest {

  private static JsonArray list(String... patterns) {
    JsonArray array = new JsonArray();
    for (String pattern : patterns) {
      array.add(pattern);
    }
    return array;
  }

  @Test
  void separateListsForSubscribeAndPublish() {
    ChannelGrant grant = ChannelGrant.of(new JsonObject().put("subscribe", list("news",
        "orders.*")).put("publish", list("orders.*")), 256);
    assertThat(grant.maySubscribe("news")).isTrue();
    assertThat(grant.maySubscribe("orders.1")).isTrue();
    assertThat(grant.maySubscribe("orders.eu.1")).isTrue();
    assertThat(grant.maySubscribe("orders")).isFalse();
    assertThat(grant.maySubscribe("ordersx")).isFalse();
    assertThat(grant.maySubscribe("news.1")).isFalse();
    assertThat(grant.mayPublish("orders.1")).isTrue();
    assertThat(grant.mayPublish("news")).isFalse();
  }

  @Test
  void aListGrantsBothAndAnAbsentKindGrantsNothing() {
    ChannelGrant both = ChannelGrant.of(list("chat.*", "lobby"), 256);
    assertThat(both.maySubscribe("chat.a")).isTrue();
    assertThat(both.mayPublish("lobby")).isTrue();
    assertThat(both.mayPublish("other")).isFalse();
    ChannelGrant readOnly = ChannelGrant.of(new JsonObject().put("subscribe", list("*")), 256);
    assertThat(readOnly.maySubscribe("anything")).isTrue();
    assertThat(readOnly.mayPublish("anything")).isFalse();
    ChannelGrant none = ChannelGrant.of(null, 256);
    assertThat(none.maySubscribe("news")).isFalse();
    assertThat(none.mayPublish("news")).isFalse();
  }

  @Test
  void onlyATrailingDotStarIsAPattern() {
    ChannelGrant grant = ChannelGrant.of(list("a*", "b.*.c", "*.d"), 256);
    assertThat(grant.maySubscribe("a*")).isTrue();
    assertThat(grant.maySubscribe("ab")).isFalse();
    assertThat(grant.maySubscribe("b.*.c")).isTrue();
    assertThat(grant.maySubscribe("b.x.c")).isFalse();
    assertThat(grant.maySubscribe("x.d")).isFalse();
  }

  @Test
  void malformedOrOversizeClaimsAreRefused() {
    assertThatThrownBy(() -> ChannelGrant.of("news", 256))
        .hasMessageContaining("must be a list of channel patterns");
    assertThatThrownBy(() -> ChannelGrant.of(list("news").add(1), 256))
        .hasMessageContaining("strings of 1 to 256 characters");
    assertThatThrownBy(() -> ChannelGrant.of(list(""), 256))
        .hasMessageContaining("strings of 1 to 256 characters");
    assertThatThrownBy(() -> ChannelGrant.of(list("x".repeat(11)), 10))
        .hasMessageContaining("strings of 1 to 10 characters");
    assertThatThrownBy(() -> ChannelGrant.of(new JsonObject().put("read", list("a")), 256))
        .hasMessageContaining("unknown member");
    assertThatThrownBy(() -> ChannelGrant.of(new JsonObject().put("publish", "a"), 256))
        .hasMessageContaining("lists of strings");
    JsonArray many = new JsonArray(Collections.nCopies(ChannelGrant.MAX_PATTERNS + 1, "a"));
    assertThatThrownBy(() -> ChannelGrant.of(many, 256))
        .hasMessageContaining("at most " + ChannelGrant.MAX_PATTERNS);
    assertThat(ChannelGrant.of(new JsonArray(Collections.nCopies(ChannelGrant.MAX_PATTERNS, "a")),
        256).maySubscribe("a")).isTrue();
  }
}
