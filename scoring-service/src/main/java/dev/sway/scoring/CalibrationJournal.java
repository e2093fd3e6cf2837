package dev.sway.scoring;

import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import dev.sway.store.Slots;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Keeps the calibration histogram exact on a Redis Cluster, where an account's record and the
 * histogram live in different slots and no script can change both.
 *
 * <p>An account write appends its histogram move to its slot's journal ({@link
 * RedisKeys#calibrationJournal}, a list of numbered entries) in the same script as the record, so
 * the two are atomic; the writer then folds the journal's entries into the histogram with {@code
 * fold-calibration.lua}, which applies only entries after the latest one folded for that slot. A
 * writer that dies between the two steps leaves its entry in the journal: the next write to that
 * slot (by any replica) folds it, since it folds every entry its journal read returned; {@link
 * #foldAll} does it at start-up. Entries are dropped by the next write of the slot once folded (all
 * but the last, whose number the next entry continues: a list of one short entry costs about 160
 * bytes, where a stream would preallocate kilobytes).
 *
 * <p>So the histogram equals the one a single Redis would hold as soon as the writes' folds are
 * done: a reader may briefly see a batch's records before their moves (milliseconds).
 */
final class CalibrationJournal {
  /** Slots per fold call (each a few arguments per entry). */
  private static final int SLOTS_PER_FOLD = 256;

  private final RedisConnector connector;
  private final Scripts foldScript;
  private final Consumer<List<? extends CompletableFuture<?>>> await;

  /** Slots whose journal a failed fold left unfolded. */
  private final Set<Integer> unfolded = ConcurrentHashMap.newKeySet();

  /** Per slot, the number of the latest journal entry known to be folded (null when unknown). */
  private final AtomicReferenceArray<String> foldedUpTo = new AtomicReferenceArray<>(Slots.COUNT);

  CalibrationJournal(
      RedisConnector connector, Consumer<List<? extends CompletableFuture<?>>> await) {
    this.connector = connector;
    this.await = await;
    this.foldScript = Scripts.load(connector.async(), "fold-calibration.lua");
  }

  /** The apply script's mode argument for a write to {@code slot}: "j" and the folded number. */
  byte[] mode(int slot) {
    String latest = foldedUpTo.get(slot);
    return ("j" + (latest == null ? "" : latest)).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Folds journal entries as the apply script returned them (per slot: a list of {@code [id,
   * [field, value]]}); blocks until the histogram holds them.
   */
  void fold(Map<Integer, List<Object>> replies) {
    Map<Integer, List<String[]>> bySlot = new LinkedHashMap<>();
    replies.forEach(
        (slot, list) -> {
          List<String[]> entries = new ArrayList<>();
          for (Object o : list) {
            entries.add(entry(text(o)));
          }
          if (!entries.isEmpty()) {
            bySlot.put(slot, entries);
          }
        });
    try {
      foldEntries(bySlot);
    } catch (RuntimeException e) {
      // Redis failed between the writes and their fold (a failover): the next write folds these
      // slots first, whatever slots it writes.
      unfolded.addAll(bySlot.keySet());
      throw e;
    }
  }

  /** Folds the slots a failed fold left behind, if any; cheap when there are none. */
  void foldLeftovers() {
    if (unfolded.isEmpty()) {
      return;
    }
    List<Integer> slots = new ArrayList<>(unfolded);
    foldSlots(slots);
    unfolded.removeAll(slots);
  }

  /** Reads and folds the journals of {@code slots} (after an erasure, at start-up). */
  void foldSlots(Collection<Integer> slots) {
    Map<Integer, CompletableFuture<List<String>>> reads = new LinkedHashMap<>();
    for (int slot : slots) {
      reads.put(
          slot,
          connector
              .async()
              .lrange(RedisKeys.calibrationJournal(slot), 0, -1)
              .toCompletableFuture());
    }
    await.accept(new ArrayList<>(reads.values()));
    Map<Integer, List<String[]>> bySlot = new LinkedHashMap<>();
    reads.forEach(
        (slot, f) -> {
          List<String[]> entries = new ArrayList<>();
          for (String e : f.join()) {
            entries.add(entry(e));
          }
          if (!entries.isEmpty()) {
            bySlot.put(slot, entries);
          }
        });
    foldEntries(bySlot);
  }

  /** Folds what every slot's journal holds: what writers that died left unfolded. */
  void foldAll() {
    List<Integer> all = new ArrayList<>(Slots.COUNT);
    for (int s = 0; s < Slots.COUNT; s++) {
      all.add(s);
    }
    for (int from = 0; from < all.size(); from += 1024) {
      foldSlots(all.subList(from, Math.min(all.size(), from + 1024)));
    }
  }

  private void foldEntries(Map<Integer, List<String[]>> bySlot) {
    List<Integer> slots = new ArrayList<>(bySlot.keySet());
    List<CompletableFuture<List<Object>>> calls = new ArrayList<>();
    for (int from = 0; from < slots.size(); from += SLOTS_PER_FOLD) {
      List<String> args = new ArrayList<>();
      for (int slot : slots.subList(from, Math.min(slots.size(), from + SLOTS_PER_FOLD))) {
        List<String[]> entries = bySlot.get(slot);
        args.add(Integer.toString(slot));
        args.add(Integer.toString(entries.size()));
        for (String[] e : entries) {
          args.add(e[0]);
          args.add(e[1]);
        }
      }
      calls.add(
          foldScript
              .<List<Object>, String>run(
                  connector.async(),
                  ScriptOutputType.MULTI,
                  new String[] {RedisKeys.CALIBRATION_HISTOGRAM, RedisKeys.CALIBRATION_FOLDED},
                  args.toArray(String[]::new))
              .toCompletableFuture());
    }
    await.accept(calls);
    for (int c = 0; c < calls.size(); c++) {
      List<Object> folded = calls.get(c).join();
      for (int j = 0; j < folded.size(); j++) {
        String id = text(folded.get(j));
        if (!id.isEmpty()) {
          foldedUpTo.set(slots.get(c * SLOTS_PER_FOLD + j), id);
        }
      }
    }
  }

  /** A journal entry "number moves…" as {number, moves}. */
  private static String[] entry(String e) {
    int space = e.indexOf(' ');
    return space < 0
        ? new String[] {e, ""}
        : new String[] {e.substring(0, space), e.substring(space + 1)};
  }

  private static String text(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
