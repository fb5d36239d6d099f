package dev.switchboard.channel;

import dev.switchboard.channel.ChannelException.Reason;
import dev.switchboard.core.ErrorReason;
import dev.switchboard.core.SwitchboardException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A channel failure through the shared exception base: same message, reason and detail. */
class ChannelExceptionTest {

  @Test
  void keepsItsMessageReasonAndDetailThroughTheBase() {
    IllegalStateException cause = new IllegalStateException("cause");
    ChannelException e = new ChannelException(Reason.BAD_JSON, "payload is not valid JSON", cause);

    assertThat(e).hasMessage("payload is not valid JSON [reason=BAD_JSON]").hasCause(cause);
    assertThat(e.reason()).isSameAs(Reason.BAD_JSON);
    assertThat(e.detail()).isEqualTo("payload is not valid JSON");
    SwitchboardException base = e;
    ErrorReason reason = base.reason();
    assertThat(reason).isSameAs(Reason.BAD_JSON);
    assertThat(reason.name()).isEqualTo("BAD_JSON");
    assertThat(new ChannelException(Reason.CLOSED, "closed").getCause()).isNull();
  }
}
