package dev.sway.model;

/**
 * What one applied interaction added, before decay: the terms of {@code ExplainScore}.
 *
 * @param amplification amplification units added
 * @param authority authority units added
 * @param pairMassAfter decayed mass of the (engager, target) pair after the event
 * @param newEngager whether the engager counted as a new distinct engager
 * @param farmFactor reaction-farm damping applied (1 = none)
 * @param podFactor engagement-pod damping applied (1 = none)
 * @param quality the engager's quality weight, 0-1
 */
public record Contribution(
    double amplification,
    double authority,
    double pairMassAfter,
    boolean newEngager,
    double farmFactor,
    double podFactor,
    double quality) {}
