package dev.sway.collectors;

import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import java.util.List;
import java.util.Map;

/**
 * What one stream message becomes: the interactions and snapshots to send, the accounts whose
 * profiles should be refreshed, and what was skipped and why.
 *
 * @param kind a short label of what the message was ({@code like}, {@code post}, {@code follow},
 *     {@code identity}, {@code update}…), for the events-by-kind metric
 * @param interactions interactions to record
 * @param snapshots profile snapshots carried by the message itself (Mastodon statuses)
 * @param seenAccounts account ids (without the network) whose profiles are worth fetching
 * @param handles handle of an account id, where the message names it
 * @param skipped one reason per item not recorded ({@code self}, {@code delete}, {@code
 *     unknown_collection}…); a message mapped to nothing has at least one
 * @param cursor the stream position of the message (Jetstream's {@code time_us}), or -1
 * @param eventTimeMs when the message's event happened (ms), or -1 when unknown
 */
public record Mapped(
    String kind,
    List<Interaction> interactions,
    List<ProfileSnapshot> snapshots,
    List<String> seenAccounts,
    Map<String, String> handles,
    List<String> skipped,
    long cursor,
    long eventTimeMs) {

  /** A message that maps to nothing, for one reason. */
  public static Mapped skip(String kind, String reason, long cursor, long eventTimeMs) {
    return new Mapped(
        kind, List.of(), List.of(), List.of(), Map.of(), List.of(reason), cursor, eventTimeMs);
  }
}
