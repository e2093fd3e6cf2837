package dev.sway.scoring;

import dev.sway.model.AccountState;
import dev.sway.model.AccountUpdate;
import dev.sway.model.BatchApplier;
import dev.sway.model.ModelEvent;
import dev.sway.model.Calibration;
import dev.sway.model.Components;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountFields;
import dev.sway.store.Decimals;
import dev.sway.store.HistoryPoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a batch of validated events: groups them per target account, reads what the model
 * needs in one pipelined round trip, computes new states with the pure {@link ScoringModel},
 * and stores each account with one atomic compare-and-set script in a second round trip.
 *
 * <p>Guarantees: an event id already stored for its target is reported as a duplicate and
 * changes nothing; a batch returns only after every account of it is stored; concurrent
 * batches touching the same account are serialised by the version check (the loser re-reads
 * and recomputes). Runs on the calling thread (a gRPC handler thread) and blocks on Redis.
 */
public final class BatchScorer {
  private static final int MAX_ATTEMPTS = 8;
  private static final long DAY_MS = 86_400_000L;

  private final ScoringModel model;
  private final BatchApplier applier;
  private final AccountStore store;
  private final CalibrationKeeper calibration;
  private final Clock clock;
  private final ScoringMetrics metrics;
  /** Latest event time seen: scores are evaluated no earlier than this. */
  private final AtomicLong watermarkMs = new AtomicLong(Long.MIN_VALUE);

  public BatchScorer(
      ScoringModel model, AccountStore store, CalibrationKeeper calibration, Clock clock,
      ScoringMetrics metrics) {
    this.model = model;
    this.applier = new BatchApplier(model);
    this.store = store;
    this.calibration = calibration;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Work for one target account within a batch. */
  static final class TargetWork {
    final String member;
    final List<ModelEvent> events = new ArrayList<>();
    final List<SnapshotEvent> snapshots = new ArrayList<>();
    final Set<String> duplicateIds = new HashSet<>();
    boolean done;

    TargetWork(String member) {
      this.member = member;
    }

    List<ModelEvent> pending() {
      List<ModelEvent> out = new ArrayList<>(events.size());
      for (ModelEvent e : events) {
        if (!duplicateIds.contains(e.eventId())) {
          out.add(e);
        }
      }
      return out;
    }
  }

  public ApplyResult apply(List<SnapshotEvent> snapshots, List<ModelEvent> events) {
    Map<String, TargetWork> work = new LinkedHashMap<>();
    int inBatchDuplicates = 0;
    Map<String, Set<String>> seen = new HashMap<>();
    long maxTime = Long.MIN_VALUE;
    for (ModelEvent e : events) {
      if (!seen.computeIfAbsent(e.target(), k -> new HashSet<>()).add(e.eventId())) {
        inBatchDuplicates++;
        continue;
      }
      work.computeIfAbsent(e.target(), TargetWork::new).events.add(e);
      maxTime = Math.max(maxTime, e.timeMs());
    }
    for (SnapshotEvent s : snapshots) {
      work.computeIfAbsent(s.member(), TargetWork::new).snapshots.add(s);
      maxTime = Math.max(maxTime, s.observeMs());
    }
    final long batchMax = maxTime;
    watermarkMs.accumulateAndGet(batchMax, Math::max);

    Map<String, Double> storedRaw = new HashMap<>();
    Map<String, TargetWrite> written = new LinkedHashMap<>();
    for (int attempt = 1; ; attempt++) {
      List<TargetWork> pending = work.values().stream().filter(w -> !w.done).toList();
      if (pending.isEmpty()) {
        break;
      }
      if (attempt > MAX_ATTEMPTS) {
        throw new IllegalStateException("accounts kept changing under concurrent writers: "
            + pending.size() + " not stored after " + MAX_ATTEMPTS + " attempts");
      }
      if (attempt > 1) {
        metrics.casRetries(pending.size());
      }
      long t0 = System.nanoTime();
      AccountStore.ReadResult read = store.read(pending);
      long t1 = System.nanoTime();
      metrics.phase("read", t1 - t0);
      Calibration cal = calibration.current();
      // Snapshots first, then every pending interaction of the batch in time order.
      Map<String, AccountState> states = new LinkedHashMap<>();
      Map<String, List<ModelEvent>> pendingByTarget = new HashMap<>();
      List<ModelEvent> todo = new ArrayList<>();
      for (TargetWork w : pending) {
        Map<String, String> hash = read.account(w.member);
        String raw = hash.get(AccountFields.RAW);
        if (raw != null) {
          storedRaw.put(w.member, Double.parseDouble(raw));
        }
        List<ModelEvent> pendingEvents = w.pending();
        if (pendingEvents.isEmpty() && w.snapshots.isEmpty()) {
          w.done = true; // every event of it was a duplicate
          continue;
        }
        AccountState state = AccountCodec.decode(hash);
        state.topics.putAll(read.topicMasses(w.member));
        List<SnapshotEvent> snaps = new ArrayList<>(w.snapshots);
        snaps.sort(Comparator.comparingLong(SnapshotEvent::observeMs));
        for (SnapshotEvent sn : snaps) {
          model.applySnapshot(state, sn.followers(), sn.following(), sn.posts(), sn.observeMs());
        }
        states.put(w.member, state);
        pendingByTarget.put(w.member, pendingEvents);
        todo.addAll(pendingEvents);
      }
      Map<String, AccountUpdate> updates = applier.apply(states, todo, read.view(), cal);
      List<TargetWrite> writes = new ArrayList<>(states.size());
      for (TargetWork w : pending) {
        AccountState state = states.get(w.member);
        if (state != null) {
          writes.add(compute(w, pendingByTarget.get(w.member), read.account(w.member), state,
              updates.get(w.member), cal));
        }
      }
      long t2 = System.nanoTime();
      metrics.phase("compute", t2 - t1);
      List<AccountStore.WriteOutcome> outcomes = store.write(writes);
      metrics.phase("write", System.nanoTime() - t2);
      for (int i = 0; i < writes.size(); i++) {
        TargetWrite tw = writes.get(i);
        AccountStore.WriteOutcome o = outcomes.get(i);
        if (o.stored()) {
          tw.work.done = true;
          written.put(tw.work.member, tw);
        } else {
          for (int idx : o.duplicateIndexes()) {
            tw.work.duplicateIds.add(tw.events.get(idx - 1).eventId());
          }
        }
      }
    }

    int accepted = 0;
    int duplicates = inBatchDuplicates;
    for (TargetWork w : work.values()) {
      duplicates += w.duplicateIds.size();
    }
    for (TargetWrite tw : written.values()) {
      accepted += tw.events.size();
    }
    long t3 = System.nanoTime();
    store.afterWrite(written.values(), storedRaw, work.keySet());
    metrics.phase("after", System.nanoTime() - t3);
    calibration.noteUpdates(written.size());
    metrics.applied(events, snapshots.size(), written.values());
    return new ApplyResult(accepted, duplicates, snapshots.size());
  }

  /** The new state of one account, ready to store. */
  static final class TargetWrite {
    final TargetWork work;
    final List<ModelEvent> events;
    final String expectedVersion;
    final List<String> accountFields = new ArrayList<>();
    final List<String> pairFields = new ArrayList<>();
    final List<String> topicFields = new ArrayList<>();
    final List<String> topicRawFields = new ArrayList<>();
    /** (last engagement ms, engager) pairs for the recent-engagers set. */
    final List<String> recentEngagers = new ArrayList<>();
    final Map<String, Double> topicRaws = new LinkedHashMap<>();
    final Map<String, Integer> topicCounts = new HashMap<>();
    /** Per (actor, epoch day): reactions given and scaled authored increment. */
    final Map<String, Map<Long, double[]>> given = new HashMap<>();
    String historyField = "";
    String historyValue = "";
    double raw;
    double score;
    long maxEventMs = -1;

    TargetWrite(TargetWork work, List<ModelEvent> events, String expectedVersion) {
      this.work = work;
      this.events = events;
      this.expectedVersion = expectedVersion;
    }
  }

  /** Encodes the new state of one account; {@code update} is null for a snapshot-only account. */
  private TargetWrite compute(
      TargetWork w, List<ModelEvent> todo, Map<String, String> hash, AccountState state,
      AccountUpdate update, Calibration cal) {
    TargetWrite tw = new TargetWrite(w, todo, hash.getOrDefault(AccountFields.VERSION, "0"));
    Map<String, Long> lastByEngager = new LinkedHashMap<>();
    for (ModelEvent e : todo) {
      tw.maxEventMs = Math.max(tw.maxEventMs, e.timeMs());
      lastByEngager.merge(e.actor(), e.timeMs(), Math::max);
    }
    lastByEngager.forEach((engager, ms) -> {
      tw.recentEngagers.add(Long.toString(ms));
      tw.recentEngagers.add(engager);
    });
    Map<String, Double> pairs = update == null ? Map.of() : update.pairs;
    Map<String, Integer> topicCounts = update == null ? Map.of() : update.topicCounts;
    if (update != null) {
      tw.given.putAll(update.given);
      tw.topicCounts.putAll(update.topicCounts);
    }

    long now = Math.max(watermarkMs.get(), state.lastEventMs);
    Components comps = model.components(state, now);
    double raw = model.raw(comps);
    double score = cal.score(raw);
    tw.raw = raw;
    tw.score = score;

    AccountCodec.encode(state, tw.accountFields);
    AccountCodec.put(tw.accountFields, AccountFields.RAW, Double.toString(raw));
    StringBuilder c = new StringBuilder(32);
    Decimals.append(c, comps.reach(), 3).append(',');
    Decimals.append(c, comps.amplification(), 3).append(',');
    Decimals.append(c, comps.authority(), 3).append(',');
    Decimals.append(c, comps.activity(), 3);
    AccountCodec.put(tw.accountFields, AccountFields.COMPONENTS, c.toString());
    AccountCodec.put(tw.accountFields, AccountFields.DISTINCT_ENGAGERS,
        Long.toString(Math.round(model.distinctEngagers(state, now))));
    AccountCodec.put(tw.accountFields, AccountFields.MODEL_VERSION, model.config().version());
    AccountCodec.put(tw.accountFields, AccountFields.UPDATED_MS, Long.toString(clock.millis()));
    AccountCodec.put(tw.accountFields, AccountFields.SCORED_AT_MS, Long.toString(now));
    for (Map.Entry<String, Double> p : pairs.entrySet()) {
      AccountCodec.put(tw.pairFields, p.getKey(), Double.toString(p.getValue()));
    }
    for (String topic : topicCounts.keySet()) {
      double mass = state.topics.get(topic);
      double topicRaw = model.topicRaw(state, mass, now);
      AccountCodec.put(tw.topicFields, topic, Double.toString(mass));
      AccountCodec.put(tw.topicRawFields, topic, Double.toString(topicRaw));
      tw.topicRaws.put(topic, topicRaw);
    }
    HistoryPoint point = new HistoryPoint(Math.floorDiv(now, DAY_MS), score, comps.reach(),
        comps.amplification(), comps.authority(), comps.activity(), raw, cal.version(),
        model.config().version());
    tw.historyField = Long.toString(point.epochDay());
    tw.historyValue = point.encode();
    return tw;
  }

  ScoringMetrics metrics() {
    return metrics;
  }

  /** Latest event time seen by this process. */
  public long watermarkMs() {
    return watermarkMs.get();
  }
}
