package dev.sway.store;

/**
 * One day of an account's history: the raw score and components at the end of that day, and the
 * model that computed them. Stored raw, so that every point is calibrated with the same calibration
 * when it is read and a recalibration never shows up as movement. Written only on days the account
 * changed; idle days between points are the previous point decayed. Encoded by {@link
 * HistorySeries}.
 */
public record HistoryPoint(
    long epochDay,
    double reach,
    double amplification,
    double authority,
    double activity,
    double raw,
    String modelVersion) {}
