package dev.sway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flags a service never reads are refused, with the one that was probably meant. */
class SettingsTest {
  @Test
  void aMisspeltFlagIsRefusedWithTheClosestKnownOne() {
    Settings s = Settings.of(new String[] {"--redis-url=redis://x", "--grpc-port", "7"}, Map.of());
    assertThat(s.getInt("grpc-port", 1)).isEqualTo(7);
    assertThat(s.get("redis-uri", "redis://default")).isEqualTo("redis://default");
    assertThatThrownBy(s::rejectUnknownFlags)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown flag --redis-url (did you mean --redis-uri?)")
        .hasMessageContaining("this service reads: --grpc-port, --redis-uri");
  }

  @Test
  void afterAFailedStartOnlyLikelyTyposAreNamed() {
    // The start stopped before reading --auth: only the misspelt --redis-url is reported.
    Settings s = Settings.of(new String[] {"--redis-url=x", "--auth=off"}, Map.of());
    s.get("redis-uri", "d");
    assertThatThrownBy(() -> s.rejectUnknownFlags(true))
        .hasMessageStartingWith("unknown flag --redis-url (did");
    Settings clean = Settings.of(new String[] {"--auth=off"}, Map.of());
    clean.get("redis-uri", "d");
    clean.rejectUnknownFlags(true);
  }

  @Test
  void flagsThatWereReadAndTheEnvironmentPass() {
    // The environment is shared by several services: a variable one of them ignores is fine.
    Settings s = Settings.of(new String[] {"--grpc-port=7"}, Map.of("SWAY_SOMETHING_ELSE", "x"));
    s.getInt("grpc-port", 1);
    s.rejectUnknownFlags();
    assertThat(Settings.distance("redis-url", "redis-uri")).isEqualTo(1);
  }
}
