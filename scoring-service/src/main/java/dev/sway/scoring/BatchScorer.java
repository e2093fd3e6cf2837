package dev.sway.scoring;

import dev.sway.common.Failure;
import dev.sway.model.AccountUpdate;
import dev.sway.model.BatchApplier;
import dev.sway.model.DayScore;
import dev.sway.model.ModelEvent;
import dev.sway.model.ModelSnapshot;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of validated events, one way: group → read records → model → encode → conditional
 * write. It reads the records of every account the batch touches (targets and actors) and checks
 * the targets' event ids in one round ({@link StateStore#read}), applies the events in the order
 * given with the pure {@link BatchApplier}, encodes each changed account ({@link AccountWrites})
 * and stores them with per-account compare-and-set writes in a second round, then the leaderboards.
 * The same events in the same order give bit-identical stored states whatever the batch sizes,
 * because the model never reads anything the batch boundaries or background work could change.
 *
 * <p>Guarantees: an event id already stored for its target is reported as a duplicate and changes
 * nothing; a batch returns only after every account of it is stored; concurrent writers of the same
 * account are serialised by the version check (the loser gets the stored record back and applies
 * again only what it has not stored, with the engager context and damping of its first
 * application). An event changes two accounts (target and actor) whose writes may fall in different
 * script calls: if the process dies between them, the actor's side of that event is lost, never
 * counted twice. Runs on the calling thread — the {@link GroupCommit} thread in the service — and
 * blocks on the store.
 */
public final class BatchScorer {
  private static final int MAX_ATTEMPTS = 8;

  /** The score clock never runs ahead of the wall clock by more than this. */
  static final long MAX_CLOCK_SKEW_MS = 5 * 60_000L;

  private final ScoringModel model;
  private final BatchApplier applier;
  private final StateStore store;
  private final Clock clock;
  private final ScoringMetrics metrics;

  private final Privacy privacy;

  /** A scorer in open mode with the test key (tests and the offline evaluation). */
  public BatchScorer(ScoringModel model, StateStore store, Clock clock, ScoringMetrics metrics) {
    this(model, store, clock, metrics, Privacy.openForTests());
  }

  public BatchScorer(
      ScoringModel model, StateStore store, Clock clock, ScoringMetrics metrics, Privacy privacy) {
    this.privacy = privacy;
    this.model = model;
    this.applier = new BatchApplier(model);
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** One interaction of the batch and which of its sides are stored. */
  private static final class Pending {
    final ModelEvent event;
    boolean targetDone;
    boolean actorDone;
    boolean duplicate;

    /** A duplicate whose actor side this writer stored before learning it: to be taken back. */
    boolean undo;

    double credit = 1.0;

    /** Index of the request (of {@link #applyAll}) the event came with. */
    int part;

    /** The engager context of the first application of the target side, reused on retries. */
    BatchApplier.Context context;

    Pending(ModelEvent event) {
      this.event = event;
    }

    boolean open() {
      return undo || (!duplicate && !(targetDone && actorDone));
    }
  }

  /** One request's share of a batch. */
  record Part(List<SnapshotEvent> snapshots, List<ModelEvent> events) {}

  /** Applies one request's events as a batch of its own. */
  public ApplyResult apply(List<SnapshotEvent> snapshots, List<ModelEvent> events) {
    return applyAll(List.of(new Part(snapshots, events))).get(0);
  }

  /**
   * Applies several requests as one batch, in the order given (a group commit: an account that
   * several of them touch is read and written once), and returns each request's counts. An event id
   * that appears twice is a duplicate of the first, also across requests.
   */
  public List<ApplyResult> applyAll(List<Part> parts) {
    // One writer of this process at a time (the decay sweep takes the same lock), so that the
    // leaderboard entries written after the records follow the records' order.
    synchronized (store.writeOrder()) {
      return applyInOrder(parts);
    }
  }

  private List<ApplyResult> applyInOrder(List<Part> given) {
    // Suppressed accounts, and in opt-in mode unregistered ones, never reach the model.
    Privacy.Filtered filtered = privacy.filter(given, store);
    metrics.suppressed(filtered.erased(), filtered.unregistered());
    List<Part> parts = filtered.parts();
    List<SnapshotEvent> snapshots = new ArrayList<>();
    List<ModelEvent> events = new ArrayList<>();
    for (Part part : parts) {
      snapshots.addAll(part.snapshots());
      events.addAll(part.events());
    }
    List<Pending> items = new ArrayList<>(events.size());
    Map<String, Set<String>> seen = new HashMap<>();
    int[] partDuplicates = new int[parts.size()];
    int[] partOf = new int[events.size()];
    for (int p = 0, i = 0; p < parts.size(); p++) {
      for (int j = 0; j < parts.get(p).events().size(); j++, i++) {
        partOf[i] = p;
      }
    }
    for (int i = 0; i < events.size(); i++) {
      ModelEvent e = events.get(i);
      if (!seen.computeIfAbsent(e.target(), k -> new HashSet<>()).add(e.eventId())) {
        partDuplicates[partOf[i]]++;
        continue;
      }
      Pending pending = new Pending(e);
      pending.part = partOf[i];
      items.add(pending);
    }
    Set<String> snapshotsOpen = new LinkedHashSet<>();
    for (SnapshotEvent s : snapshots) {
      snapshotsOpen.add(s.member());
    }
    Set<String> targets = new LinkedHashSet<>();
    for (ModelEvent e : events) {
      targets.add(e.target());
    }
    targets.addAll(snapshotsOpen);

    Map<String, StateStore.Ranked> ranked = new LinkedHashMap<>();
    Map<String, Integer> topicCounts = new HashMap<>();
    Map<String, Double> storedRaw = new HashMap<>();
    List<ModelEvent> stored = new ArrayList<>();
    long clockMs = -1;
    for (int attempt = 1; ; attempt++) {
      List<Pending> open = items.stream().filter(Pending::open).toList();
      if (open.isEmpty() && snapshotsOpen.isEmpty()) {
        break;
      }
      if (attempt > MAX_ATTEMPTS) {
        throw new Failure.WriteContention(
            "accounts kept changing under concurrent writers: "
                + open.size()
                + " events not stored after "
                + MAX_ATTEMPTS
                + " attempts");
      }
      long t0 = System.nanoTime();
      Set<String> members = new LinkedHashSet<>(snapshotsOpen);
      Map<String, List<ModelEvent>> checkFor = new LinkedHashMap<>();
      for (Pending p : open) {
        ModelEvent e = p.event;
        members.add(e.actor());
        if (!p.targetDone && !p.undo) {
          members.add(e.target());
          checkFor.computeIfAbsent(e.target(), k -> new ArrayList<>()).add(e);
        }
      }
      StateStore.Reads read = store.read(members, checkFor);
      for (Pending p : open) {
        if (!p.targetDone && !p.undo && read.duplicate(p.event)) {
          p.duplicate = true;
          // Another writer stored this event first, its actor side included: ours goes back.
          p.undo = p.actorDone;
        }
      }
      read.records()
          .forEach(
              (m, r) -> {
                if (r.score != null) {
                  storedRaw.putIfAbsent(m, r.score.raw());
                }
              });
      long t1 = System.nanoTime();
      metrics.phase("read", t1 - t0);

      List<Pending> applied = new ArrayList<>();
      List<BatchApplier.Item> batch = new ArrayList<>();
      for (Pending p : open) {
        if (p.undo) {
          applied.add(p);
          batch.add(BatchApplier.Item.undoActor(p.event, p.credit));
        } else if (!p.duplicate) {
          applied.add(p);
          batch.add(
              BatchApplier.Item.sides(p.event, !p.targetDone, !p.actorDone, p.credit, p.context));
        }
      }
      List<ModelSnapshot> snaps = new ArrayList<>();
      for (SnapshotEvent s : snapshots) {
        if (snapshotsOpen.contains(s.member())) {
          snaps.add(
              new ModelSnapshot(
                  s.member(), s.followers(), s.following(), s.posts(), s.observeMs()));
        }
      }
      Map<String, AccountRecord> records = read.records();
      BatchApplier.Result result = applier.apply(m -> records.get(m).state, snaps, batch);
      for (int i = 0; i < applied.size(); i++) {
        applied.get(i).credit = result.credits[i];
        if (applied.get(i).context == null) {
          applied.get(i).context = result.contexts[i];
        }
      }
      Map<String, List<ModelEvent>> receivedBy = new HashMap<>();
      for (Pending p : applied) {
        if (!p.targetDone && !p.undo) {
          receivedBy.computeIfAbsent(p.event.target(), k -> new ArrayList<>()).add(p.event);
        }
      }
      long wallMs = clock.millis();
      Map<String, List<DayScore>> repaired = LateHistory.repair(model, store, result.updates);
      List<AccountWrites.Encoded> writes = new ArrayList<>(result.updates.size());
      for (Map.Entry<String, AccountUpdate> u : result.updates.entrySet()) {
        String m = u.getKey();
        writes.add(
            AccountWrites.encode(
                model,
                m,
                records.get(m),
                u.getValue(),
                receivedBy.getOrDefault(m, List.of()),
                repaired.getOrDefault(m, List.of()),
                wallMs));
      }
      long t2 = System.nanoTime();
      metrics.phase("compute", t2 - t1);
      boolean[] ok = store.write(writes.stream().map(AccountWrites.Encoded::write).toList());
      metrics.phase("write", System.nanoTime() - t2);

      Set<String> storedMembers = new HashSet<>();
      int failed = 0;
      for (int i = 0; i < writes.size(); i++) {
        AccountWrites.Encoded w = writes.get(i);
        String m = w.write().member();
        if (!ok[i]) {
          failed++;
          continue;
        }
        storedMembers.add(m);
        if (w.ranked() != null) {
          ranked.put(m, w.ranked());
        }
        result.updates.get(m).topicCounts.forEach((t, n) -> topicCounts.merge(t, n, Integer::sum));
        snapshotsOpen.remove(m);
      }
      for (Pending p : applied) {
        if (p.undo) {
          p.undo = !storedMembers.contains(p.event.actor());
          continue;
        }
        if (!p.targetDone && storedMembers.contains(p.event.target())) {
          p.targetDone = true;
          stored.add(p.event);
          clockMs = Math.max(clockMs, p.event.timeMs());
        }
        if (!p.actorDone && storedMembers.contains(p.event.actor())) {
          p.actorDone = true;
        }
      }
      for (SnapshotEvent s : snapshots) {
        if (storedMembers.contains(s.member())) {
          clockMs = Math.max(clockMs, s.observeMs());
        }
      }
      if (failed > 0) {
        metrics.casRetries(failed);
      }
    }

    // Targets whose events were all duplicates keep (or regain) their leaderboard entries.
    for (String m : targets) {
      if (!ranked.containsKey(m) && storedRaw.containsKey(m)) {
        ranked.put(m, new StateStore.Ranked(m, storedRaw.get(m), Map.of(), -1, null));
      }
    }
    long t3 = System.nanoTime();
    store.afterWrite(
        new ArrayList<>(ranked.values()),
        topicCounts,
        Math.min(clockMs, clock.millis() + MAX_CLOCK_SKEW_MS));
    metrics.phase("after", System.nanoTime() - t3);
    int[] accepted = new int[parts.size()];
    for (Pending p : items) {
      if (p.duplicate) {
        partDuplicates[p.part]++;
      } else if (p.targetDone) {
        accepted[p.part]++;
      }
    }
    metrics.applied(events, snapshots.size(), stored, ranked.values());
    List<ApplyResult> results = new ArrayList<>(parts.size());
    for (int p = 0; p < parts.size(); p++) {
      results.add(
          new ApplyResult(
              accepted[p],
              partDuplicates[p],
              parts.get(p).snapshots().size(),
              filtered.droppedEvents()[p],
              filtered.droppedSnapshots()[p]));
    }
    return results;
  }

  Privacy privacy() {
    return privacy;
  }

  ScoringMetrics metrics() {
    return metrics;
  }

  ScoringModel model() {
    return model;
  }
}
