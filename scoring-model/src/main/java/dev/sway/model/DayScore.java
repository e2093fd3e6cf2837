package dev.sway.model;

/**
 * One day of an account's history as the model computed it: the raw score and components at the end
 * of the day. Calibration to 1-100 happens when it is read, so history never mixes calibrations.
 */
public record DayScore(long epochDay, Components components, double raw) {}
