package dev.sway.store;

import java.util.Locale;

/**
 * One day of an account's history: the score as published that day, its components and the
 * versions that made it. Never rewritten by a later model or calibration.
 *
 * <p>Encoded as {@code score,reach,amp,auth,activity,raw,calibrationVersion,modelVersion}.
 */
public record HistoryPoint(
    long epochDay,
    double score,
    double reach,
    double amplification,
    double authority,
    double activity,
    double raw,
    long calibrationVersion,
    String modelVersion) {

  public String encode() {
    return String.format(Locale.ROOT, "%.2f,%.1f,%.1f,%.1f,%.1f,%.3f,%d,%s",
        score, reach, amplification, authority, activity, raw, calibrationVersion, modelVersion);
  }

  public static HistoryPoint decode(long epochDay, String s) {
    String[] p = s.split(",", 8);
    return new HistoryPoint(epochDay, Double.parseDouble(p[0]), Double.parseDouble(p[1]),
        Double.parseDouble(p[2]), Double.parseDouble(p[3]), Double.parseDouble(p[4]),
        Double.parseDouble(p[5]), Long.parseLong(p[6]), p[7]);
  }
}
