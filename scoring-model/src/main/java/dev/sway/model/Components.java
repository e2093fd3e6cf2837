package dev.sway.model;

/**
 * The four parts of a score, each 0-100.
 *
 * @param reach audience size, log-scaled, tempered by the follow-back ratio
 * @param amplification engagement received from distinct people, with diminishing returns
 * @param authority engagement weighted by the quality (score) of whoever engaged
 * @param activity steady posting and engaging
 */
public record Components(double reach, double amplification, double authority, double activity) {
  public static final Components ZERO = new Components(0, 0, 0, 0);
}
