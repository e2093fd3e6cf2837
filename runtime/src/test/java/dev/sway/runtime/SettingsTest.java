package dev.sway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declared settings are read typed, from a flag, else the environment, else their default. */
class SettingsTest {
  static final List<Setting<?>> DECLARED =
      List.of(ServerSettings.GRPC_PORT.withDefault(1), ServerSettings.REDIS_URI);

  @Test
  void aMisspeltFlagIsRefusedWithTheClosestKnownOne() {
    Settings s = Settings.of(new String[] {"--redis-url=redis://x", "--grpc-port", "7"}, Map.of());
    assertThat(s.get(DECLARED.get(0))).isEqualTo(7);
    assertThat(s.get(ServerSettings.REDIS_URI)).isEqualTo("redis://127.0.0.1:6379");
    assertThatThrownBy(() -> s.rejectUnknownFlags(DECLARED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown flag --redis-url (did you mean --redis-uri?) (--help lists the settings)");
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverTheDefault() {
    Setting<Long> timeout = ServerSettings.REDIS_TIMEOUT_MS.withDefault(500L);
    Map<String, String> env = Map.of("SWAY_REDIS_TIMEOUT_MS", "900", "SWAY_SOMETHING_ELSE", "x");
    assertThat(Settings.of(new String[0], Map.of()).get(timeout)).isEqualTo(500L);
    assertThat(Settings.of(new String[0], env).get(timeout)).isEqualTo(900L);
    assertThat(Settings.of(new String[] {"--redis-timeout-ms=42"}, env).get(timeout))
        .isEqualTo(42L);
    assertThat(Settings.of(new String[0], env).isSet(timeout)).isTrue();
    // The environment is shared by several services: a variable one of them ignores is fine.
    Settings.of(new String[] {"--grpc-port=7"}, env).rejectUnknownFlags(DECLARED);
    assertThat(Settings.distance("redis-url", "redis-uri")).isEqualTo(1);
  }

  @Test
  void aValueThatDoesNotParseNamesItsFlagAndVariable() {
    Settings s = Settings.of(new String[] {"--grpc-port=seven", "--auth=maybe"}, Map.of());
    assertThatThrownBy(() -> s.get(ServerSettings.GRPC_PORT))
        .hasMessage("--grpc-port (SWAY_GRPC_PORT) must be an integer, got 'seven'");
    assertThatThrownBy(() -> s.get(ServerSettings.AUTH))
        .hasMessage("--auth (SWAY_AUTH) must be one of [off, on], got 'maybe'");
    assertThat(Settings.of(new String[] {"--auth=OFF"}, Map.of()).get(ServerSettings.AUTH))
        .isEqualTo("off");
  }

  @Test
  void helpListsEverySettingWithItsVariableAndDefault() {
    String help = Settings.help("sway-x", "Does x.", ServerSettings.server(50059, 9099));
    assertThat(help)
        .startsWith("Usage: sway-x [--NAME=VALUE]...\nDoes x.")
        .contains("  --grpc-port=INT\n      SWAY_GRPC_PORT, default 50059\n")
        .contains("  --drain-ms=MS\n      SWAY_DRAIN_MS, default 10000\n")
        .contains("SWAY_EXECUTOR_THREADS, default 2 × cores, at least 4");
    assertThat(Settings.wantsHelp(new String[] {"--grpc-port=1", "--help"})).isTrue();
    assertThat(Settings.wantsHelp(new String[] {"--grpc-port=1"})).isFalse();
  }
}
