package dev.switchboard.globaldata;

import dev.switchboard.core.SwitchboardException;
import dev.switchboard.globaldata.GlobalDataException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A GlobalData failure through the shared exception base: same message and reason. */
class GlobalDataExceptionTest {

  @Test
  void keepsItsMessageAndReasonThroughTheBase() {
    GlobalDataException e = new GlobalDataException(Reason.NOT_FOUND, "no key 'k'");

    assertThat(e).hasMessage("no key 'k' [reason=NOT_FOUND]").hasNoCause();
    assertThat(e.reason()).isSameAs(Reason.NOT_FOUND);
    assertThat(e.detail()).isEqualTo("no key 'k'");
    SwitchboardException base = e;
    assertThat(base.reason()).isSameAs(Reason.NOT_FOUND);
  }
}
