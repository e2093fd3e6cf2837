package dev.sway.store;

import java.util.Base64;
import java.util.Map;

/**
 * The published calibration in {@link RedisKeys#CALIBRATION}: written by scoring, read by
 * query. One encoding, used by both.
 *
 * @param version increasing calibration version
 * @param population accounts summarised
 * @param builtMs when it was built
 * @param sketch the serialised quantile sketch
 */
public record CalibrationRecord(long version, long population, long builtMs, byte[] sketch) {
  static final String VERSION = "v";
  static final String POPULATION = "n";
  static final String BUILT_MS = "t";
  static final String SKETCH = "s";

  public Map<String, String> encode() {
    return Map.of(VERSION, Long.toString(version), POPULATION, Long.toString(population),
        BUILT_MS, Long.toString(builtMs), SKETCH, Base64.getEncoder().encodeToString(sketch));
  }

  /** The record in a hash, or null when none is published. */
  public static CalibrationRecord decode(Map<String, String> h) {
    if (h.get(SKETCH) == null || h.get(VERSION) == null) {
      return null;
    }
    return new CalibrationRecord(Long.parseLong(h.get(VERSION)), Long.parseLong(h.getOrDefault(POPULATION, "0")),
        Long.parseLong(h.getOrDefault(BUILT_MS, "0")), Base64.getDecoder().decode(h.get(SKETCH)));
  }
}
