package dev.switchboard.launcher;

import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The switch of Vert.x's own metrics: on by default, off by property or variable. */
class LauncherMetricsTest {

  @Test
  void onUnlessSwitchedOffThePropertyWinning() {
    assertThat(LauncherMetrics.enabled(null, null)).isTrue();
    assertThat(LauncherMetrics.enabled("false", null)).isFalse();
    assertThat(LauncherMetrics.enabled(null, "FALSE")).isFalse();
    assertThat(LauncherMetrics.enabled("true", "false")).isTrue();
    assertThat(LauncherMetrics.enabled(null, "true")).isTrue();
  }

  @Test
  void aValueNeitherTrueNorFalseIsRefusedNamingItsSource() {
    assertThatThrownBy(() -> LauncherMetrics.enabled("off", null))
        .hasMessage("switchboard.vertx.metrics must be true or false, got \"off\"");
    assertThatThrownBy(() -> LauncherMetrics.enabled(null, "0"))
        .hasMessage("SWITCHBOARD_VERTX_METRICS must be true or false, got \"0\"");
  }

  @Test
  void configureTurnsOnMicrometerWithPrometheusAndKeepsTheOperatorsOwn() {
    VertxOptions options = new VertxOptions();
    LauncherMetrics.configure(options);
    MicrometerMetricsOptions metrics = (MicrometerMetricsOptions) options.getMetricsOptions();
    assertThat(metrics.isEnabled()).isTrue();
    assertThat(metrics.getPrometheusOptions().isEnabled()).isTrue();

    MetricsOptions own = new MicrometerMetricsOptions().setEnabled(true).setRegistryName("own");
    VertxOptions operators = new VertxOptions().setMetricsOptions(own);
    LauncherMetrics.configure(operators);
    assertThat(operators.getMetricsOptions()).isSameAs(own);
  }
}
