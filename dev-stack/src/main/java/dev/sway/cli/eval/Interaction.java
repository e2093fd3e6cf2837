package dev.sway.cli.eval;

import dev.sway.model.InteractionKind;

/**
 * One interaction of a dataset, mapped to the model: {@code actor} engaged {@code target}.
 *
 * @param line the line of the source file (the event id)
 * @param measured whether the interaction is of the kind the future window counts (on Higgs only
 *     retweets are; elsewhere every interaction is)
 */
public record Interaction(
    long line, int actor, int target, long timeS, InteractionKind kind, boolean measured) {}
