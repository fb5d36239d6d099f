package dev.switchboard.gateway;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the JSON forms that travel between a gateway and its business
 * instances (docs/fuzzing.md): {@link ConnectDecision#fromJson} (an instance's answer to a
 * connect hook) and {@link Handshake#fromJson}. The first input byte picks the reader (even: the
 * decision, odd: the handshake); the rest is the JSON text. Text that is no JSON object is not
 * theirs to read and ends the input.
 *
 * <p>Asserted for every JSON object: the reader returns a value or throws the {@link
 * IllegalArgumentException} it documents, nothing else; a value read writes itself back as JSON
 * that reads as the same value (the same JSON again); an accepted decision's groups are
 * non-empty names without duplicates and a rejection's reason is one line of at most
 * {@value ConnectDecision#MAX_REASON_LENGTH} characters.
 */
class ConnectDecisionFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void fuzz(byte[] input) {
    boolean handshake = input.length > 0 && (input[0] & 1) == 1;
    JsonObject json;
    try {
      json = new JsonObject(Buffer.buffer(input).slice(Math.min(1, input.length), input.length));
    } catch (DecodeException | ClassCastException notAnObject) {
      return;
    }
    try {
      if (handshake) {
        Handshake read = Handshake.fromJson(json);
        assertThat(Handshake.fromJson(read.toJson()).toJson()).as("round trip")
            .isEqualTo(read.toJson());
      } else {
        ConnectDecision read = ConnectDecision.fromJson(json);
        assertThat(ConnectDecision.fromJson(read.toJson()).toJson()).as("round trip")
            .isEqualTo(read.toJson());
        JsonObject written = read.toJson();
        if (written.getBoolean("accepted", false)) {
          assertThat(written.getJsonArray("groups", new JsonArray()).stream()
              .map(String.class::cast)).doesNotContain("").doesNotHaveDuplicates();
        } else {
          String reason = written.getString("reason", "");
          assertThat(reason.length()).isLessThanOrEqualTo(ConnectDecision.MAX_REASON_LENGTH);
          assertThat(reason).doesNotContain("\n", "\r");
        }
      }
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
