package dev.sway.store;

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
    // Built by hand: String.format was a tenth of the scoring service's compute time.
    StringBuilder b = new StringBuilder(64);
    Decimals.append(b, score, 2).append(',');
    Decimals.append(b, reach, 1).append(',');
    Decimals.append(b, amplification, 1).append(',');
    Decimals.append(b, authority, 1).append(',');
    Decimals.append(b, activity, 1).append(',');
    Decimals.append(b, raw, 3).append(',');
    return b.append(calibrationVersion).append(',').append(modelVersion).toString();
  }

  public static HistoryPoint decode(long epochDay, String s) {
    String[] p = s.split(",", 8);
    return new HistoryPoint(epochDay, Double.parseDouble(p[0]), Double.parseDouble(p[1]),
        Double.parseDouble(p[2]), Double.parseDouble(p[3]), Double.parseDouble(p[4]),
        Double.parseDouble(p[5]), Long.parseLong(p[6]), p[7]);
  }
}
