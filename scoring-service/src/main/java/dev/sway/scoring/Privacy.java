package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.Pseudonyms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may be scored, applied to every batch before the model sees it. An event or snapshot that
 * names a suppressed (erased) account is dropped, whoever it names it as. In opt-in mode, only
 * registered accounts are scored: an event whose target is not registered is dropped, and one whose
 * actor is not registered counts for its target under the actor's {@link Pseudonyms pseudonym}, so
 * the per-pair rules still see one engager while its id is stored nowhere.
 */
public final class Privacy {
  /** Which accounts a deployment scores. */
  public enum Mode {
    /** Every account Sway hears about, except the suppressed ones. */
    OPEN,
    /** Only accounts registered through RegisterAccounts. */
    OPT_IN;

    static Mode parse(String s) {
      return switch (s) {
        case "open" -> OPEN;
        case "opt-in" -> OPT_IN;
        default ->
            throw new IllegalArgumentException("--scoring-mode must be open or opt-in, not " + s);
      };
    }
  }

  /**
   * The key of tests and the offline evaluation. A deployment configures its own ({@code
   * --privacy-key}).
   */
  static final Pseudonyms TEST_KEY =
      new Pseudonyms("sway test privacy key, not secret".getBytes(StandardCharsets.UTF_8));

  private final Mode mode;
  private final Pseudonyms pseudonyms;

  public Privacy(Mode mode, Pseudonyms pseudonyms) {
    this.mode = mode;
    this.pseudonyms = pseudonyms;
  }

  static Privacy openForTests() {
    return new Privacy(Mode.OPEN, TEST_KEY);
  }

  public Mode mode() {
    return mode;
  }

  public Pseudonyms pseudonyms() {
    return pseudonyms;
  }

  /**
   * What a batch keeps: its parts with the dropped items taken out, and per part what was dropped.
   */
  record Filtered(
      List<BatchScorer.Part> parts,
      int[] droppedEvents,
      int[] droppedSnapshots,
      int erased,
      int unregistered) {}

  /**
   * Filters {@code parts}, asking {@code store} which of their accounts are suppressed or
   * registered.
   */
  Filtered filter(List<BatchScorer.Part> parts, StateStore store) {
    Map<String, Long> hashes = new HashMap<>();
    for (BatchScorer.Part p : parts) {
      p.snapshots().forEach(s -> hashes.computeIfAbsent(s.member(), pseudonyms::hash));
      for (ModelEvent e : p.events()) {
        hashes.computeIfAbsent(e.actor(), pseudonyms::hash);
        hashes.computeIfAbsent(e.target(), pseudonyms::hash);
      }
    }
    StateStore.Standing standing = store.standing(hashes.values(), mode == Mode.OPT_IN);
    if (standing.suppressed().isEmpty() && mode == Mode.OPEN) {
      return new Filtered(parts, new int[parts.size()], new int[parts.size()], 0, 0);
    }
    Set<Long> suppressed = standing.suppressed();
    Set<Long> registered = standing.registered();
    List<BatchScorer.Part> out = new ArrayList<>(parts.size());
    int[] droppedEvents = new int[parts.size()];
    int[] droppedSnapshots = new int[parts.size()];
    int erased = 0;
    int unregistered = 0;
    for (int i = 0; i < parts.size(); i++) {
      BatchScorer.Part p = parts.get(i);
      List<SnapshotEvent> snapshots = new ArrayList<>(p.snapshots().size());
      for (SnapshotEvent s : p.snapshots()) {
        long h = hashes.get(s.member());
        if (suppressed.contains(h)) {
          erased++;
        } else if (mode == Mode.OPT_IN && !registered.contains(h)) {
          unregistered++;
        } else {
          snapshots.add(s);
          continue;
        }
        droppedSnapshots[i]++;
      }
      List<ModelEvent> events = new ArrayList<>(p.events().size());
      for (ModelEvent e : p.events()) {
        long actor = hashes.get(e.actor());
        long target = hashes.get(e.target());
        if (suppressed.contains(actor) || suppressed.contains(target)) {
          erased++;
        } else if (mode == Mode.OPT_IN && !registered.contains(target)) {
          unregistered++;
        } else {
          events.add(
              mode == Mode.OPT_IN && !registered.contains(actor)
                  ? new ModelEvent(
                      e.eventId(),
                      e.kind(),
                      pseudonyms.pseudonym(e.actor()),
                      e.target(),
                      e.topics(),
                      e.timeMs())
                  : e);
          continue;
        }
        droppedEvents[i]++;
      }
      out.add(new BatchScorer.Part(snapshots, events));
    }
    return new Filtered(out, droppedEvents, droppedSnapshots, erased, unregistered);
  }

  /**
   * The members that can hold an account's data: its own and, if it engaged unregistered, its
   * pseudonym.
   */
  List<String> storedAs(String member) {
    return List.of(member, pseudonyms.pseudonym(member));
  }

  long hash(String member) {
    return pseudonyms.hash(member);
  }
}
