package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a local stack takes from the environment and from --set. */
class ServiceSettingsTest {
  static ServiceSettings parse(String... args) {
    ServiceSettings s = new ServiceSettings();
    new CommandLine(s).parseArgs(args);
    return s;
  }

  @Test
  void environmentThenSetWithoutWhatTheStackOwns() {
    Map<String, String> env =
        Map.of(
            "SWAY_CALIBRATION_REFRESH_MS", "1000",
            "SWAY_AUTH", "off",
            "SWAY_REDIS_URI", "redis://prod:6379",
            "SWAY_API_KEY", "sway_client_key",
            "PATH", "/usr/bin");
    Map<String, String> got = parse("--set", "auth=on", "--set", "decay-clock=wall").resolve(env);
    assertThat(got)
        .containsEntry("calibration-refresh-ms", "1000")
        .containsEntry("auth", "on")
        .containsEntry("decay-clock", "wall")
        .doesNotContainKeys("redis-uri", "api-key", "path");
  }

  @Test
  void settingWhatTheStackOwnsIsRefused() {
    assertThatThrownBy(() -> parse("--set", "redis-uri=redis://elsewhere").resolve(Map.of()))
        .hasMessageContaining("--set redis-uri")
        .hasMessageContaining("the local stack decides that itself");
  }

  @Test
  void aSettingNoServiceHasIsRefusedWithTheClosestOne() {
    assertThatThrownBy(() -> parse("--set", "calibraton-refresh-ms=100").resolve(Map.of()))
        .hasMessageStartingWith(
            "--set calibraton-refresh-ms: no service has this setting (did you mean"
                + " calibration-refresh-ms?)");
    assertThat(parse("--set", "calibration-refresh-ms=100").resolve(Map.of()))
        .containsEntry("calibration-refresh-ms", "100");
  }
}
