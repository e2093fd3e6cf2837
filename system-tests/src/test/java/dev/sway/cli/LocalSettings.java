package dev.sway.cli;

import dev.sway.runtime.Settings;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings of one server started by a test on its own: a free gRPC port on loopback, no metrics
 * port, no API keys, plus the test's own name/value pairs (which win).
 */
final class LocalSettings {
  private LocalSettings() {}

  static Settings of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, String> m = new HashMap<>();
    m.put("grpc-port", "0");
    m.put("metrics-port", "-1");
    m.put("bind-address", "127.0.0.1");
    m.put("auth", "off");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Settings.ofMap(m);
  }
}
