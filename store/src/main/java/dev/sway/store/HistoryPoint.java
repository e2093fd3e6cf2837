package dev.sway.store;

/**
 * One day of an account's history: the raw score and components at the end of that day, and
 * the model that computed them. Stored raw, so that every point is calibrated with the same
 * calibration when it is read and a recalibration never shows up as movement. Written only on
 * days the account changed; idle days between points are the previous point decayed.
 *
 * <p>Encoded as {@code reach,amp,auth,activity,raw,modelVersion}. Points written before model
 * {@code sway-2} ({@code score,reach,amp,auth,activity,raw,calibrationVersion,modelVersion}) are
 * still read.
 */
public record HistoryPoint(
    long epochDay,
    double reach,
    double amplification,
    double authority,
    double activity,
    double raw,
    String modelVersion) {

  public String encode() {
    // Built by hand: String.format was a tenth of the scoring service's compute time.
    StringBuilder b = new StringBuilder(48);
    Decimals.append(b, reach, 3).append(',');
    Decimals.append(b, amplification, 3).append(',');
    Decimals.append(b, authority, 3).append(',');
    Decimals.append(b, activity, 3).append(',');
    Decimals.append(b, raw, 4).append(',');
    return b.append(modelVersion).toString();
  }

  public static HistoryPoint decode(long epochDay, String s) {
    String[] p = s.split(",", 8);
    if (p.length == 8) {
      return new HistoryPoint(epochDay, Double.parseDouble(p[1]), Double.parseDouble(p[2]),
          Double.parseDouble(p[3]), Double.parseDouble(p[4]), Double.parseDouble(p[5]), p[7]);
    }
    return new HistoryPoint(epochDay, Double.parseDouble(p[0]), Double.parseDouble(p[1]),
        Double.parseDouble(p[2]), Double.parseDouble(p[3]), Double.parseDouble(p[4]), p[5]);
  }
}
