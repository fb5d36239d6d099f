package dev.switchboard.gateway.impl;

import dev.switchboard.gateway.GatewayQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The size bound of the gateway's answers: the counted size is never below the real encoding,
 * whatever the characters, and an answer over {@link GatewayQueries#MAX_ANSWER_SIZE} is refused.
 */
class AnswersTest {

  @Test
  void theCountedSizeIsNeverBelowTheEncoding() {
    List<String> strings = List.of("", "plain-id-1", "quote\" and \\ backslash", "tab\tnl\n\u0001",
        "é accents", "€ three bytes", "😀 surrogate pair", "\u2028 separator");
    JsonObject answer = new JsonObject();
    for (String text : strings) {
      answer.put(text, new JsonArray().add(text).add(new JsonObject().put(text, 7)).add(true)
          .addNull().add(12.5));
    }
    int encoded = answer.encode().getBytes(StandardCharsets.UTF_8).length;
    assertThat(Answers.size(answer)).isGreaterThanOrEqualTo(encoded)
        .isLessThan(2L * encoded); // an upper bound, not a wild one
    for (String text : strings) {
      int one = new JsonArray().add(text).encode().getBytes(StandardCharsets.UTF_8).length;
      assertThat(Answers.size(new JsonArray().add(text))).as(text).isGreaterThanOrEqualTo(one);
    }
  }

  @Test
  void anAnswerOverTheBoundIsRefused() {
    JsonArray ids = new JsonArray();
    String id = "0123456789abcdef-1-123456";
    long per = id.length() + 3;
    for (long size = 2; size <= GatewayQueries.MAX_ANSWER_SIZE; size += per) {
      ids.add(id);
    }
    assertThatThrownBy(() -> Answers.bounded(ids, "getAllClientIds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ANSWER_TOO_LARGE: the answer to getAllClientIds");
    ids.remove(ids.size() - 1);
    assertThat(Answers.bounded(ids, "getAllClientIds")).isSameAs(ids);
  }
}
