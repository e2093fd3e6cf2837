package dev.sway.model;

import java.util.List;

/**
 * One interaction as the model sees it; accounts are named by opaque strings.
 *
 * @param topics normalised topic tags
 */
public record ModelEvent(
    String eventId,
    InteractionKind kind,
    String actor,
    String target,
    List<String> topics,
    long timeMs) {}
