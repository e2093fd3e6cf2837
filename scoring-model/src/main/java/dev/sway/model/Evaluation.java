package dev.sway.model;

import java.util.Map;

/**
 * An account's published values at the end of one day.
 *
 * @param epochDay the day evaluated; the values are as of its end (UTC)
 * @param components the four components, 0-100
 * @param raw the raw score, 0-100
 * @param distinctEngagers decayed count of distinct engagers
 * @param topicRaws raw score per topic, for the topics in the state evaluated
 */
public record Evaluation(
    long epochDay,
    Components components,
    double raw,
    double distinctEngagers,
    Map<String, Double> topicRaws) {}
