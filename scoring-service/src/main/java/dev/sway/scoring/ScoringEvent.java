package dev.sway.scoring;

import dev.sway.model.InteractionKind;
import java.util.List;

/**
 * A validated interaction, as the scoring engine sees it: accounts by member string.
 *
 * @param index position in the request, for reporting
 */
public record ScoringEvent(
    int index,
    String eventId,
    InteractionKind kind,
    String actor,
    String target,
    List<String> topics,
    long timeMs) {}
