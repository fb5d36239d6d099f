package dev.switchboard.gateway.impl.workerman;

import dev.switchboard.core.internal.AddressAllowList;
import dev.switchboard.gateway.GatewayWorkermanOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkermanListenerTest {

  @Test
  void aBadPhpClientsFromEntryIsRefusedNamingTheOption() {
    GatewayWorkermanOptions options = new GatewayWorkermanOptions().setPort(0)
        .setPhpClientsFrom(List.of("10.0.0.0/33"));
    assertThatThrownBy(() -> new WorkermanListener(null, options, p -> null, WorkerHook.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workerman.phpClientsFrom").hasMessageContaining("10.0.0.0/33");
  }

  @Test
  void theDefaultIsLoopbackAsEverywhere() {
    assertThat(GatewayWorkermanOptions.DEFAULT_PHP_CLIENTS_FROM)
        .isEqualTo(AddressAllowList.DEFAULT_LOOPBACK);
  }
}
