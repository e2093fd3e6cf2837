package dev.sway.scoring;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.model.ScoringModel;
import dev.sway.store.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Business metrics of the scoring service. */
public final class ScoringMetrics {
  private final Counter snapshots;
  private final Counter casRetries;
  private final List<Counter> suppressed;
  private final Counter scoresComputed;
  private final DistributionSummary scores;
  private final MeterRegistry registry;

  /** Networks named in labels; null: the first {@link #AUTO_NETWORK_LABELS} seen. */
  private final Set<String> networks;

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * Networks that get their own label when none are configured: the first ones seen. Any valid name
   * is a network, so without a bound one client could create a time series per name.
   */
  static final int AUTO_NETWORK_LABELS = 16;

  /** The label of every network not labelled by name. */
  static final String OTHER_NETWORK = "other";

  public ScoringMetrics(MeterRegistry registry) {
    this(registry, null);
  }

  /**
   * @param networks the networks labelled by name (the rest are {@value #OTHER_NETWORK}); null or
   *     empty: the first {@value #AUTO_NETWORK_LABELS} networks this process sees
   */
  public ScoringMetrics(MeterRegistry registry, Set<String> networks) {
    this.registry = registry;
    this.networks = networks == null || networks.isEmpty() ? null : Set.copyOf(networks);
    snapshots =
        Counter.builder("sway.scoring.snapshots")
            .description("Profile snapshots applied")
            .register(registry);
    suppressed =
        List.of("erased", "unregistered").stream()
            .map(
                reason ->
                    Counter.builder("sway.scoring.suppressed")
                        .description(
                            "Events and snapshots acknowledged but dropped before scoring, by reason")
                        .tag("reason", reason)
                        .register(registry))
            .toList();
    casRetries =
        Counter.builder("sway.scoring.cas.retries")
            .description("Account writes retried after a concurrent change")
            .register(registry);
    scoresComputed =
        Counter.builder("sway.scoring.scores.computed")
            .description("Account scores recomputed and stored")
            .register(registry);
    scores =
        DistributionSummary.builder("sway.scoring.score")
            .description(
                "Scores as they are computed, on the model's fixed reference curve (1-100)")
            .serviceLevelObjectives(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
            .register(registry);
  }

  void applied(
      List<ModelEvent> all,
      int snapshotCount,
      List<ModelEvent> storedEvents,
      Collection<StateStore.Ranked> scored) {
    Set<ModelEvent> stored = Collections.newSetFromMap(new IdentityHashMap<>());
    stored.addAll(storedEvents);
    // Counted by type and network label (bounded: see networkLabel). Tallied first: one meter
    // lookup per label set and batch, not per event.
    Map<Tally, long[]> tally = new HashMap<>();
    for (ModelEvent e : all) {
      tally
          .computeIfAbsent(
              new Tally(
                  stored.contains(e), e.kind(), networkLabel(RedisKeys.networkOf(e.target()))),
              k -> new long[1])[0]++;
    }
    tally.forEach(
        (key, n) -> {
          String outcome = key.accepted() ? "accepted" : "duplicate";
          Counter.builder("sway.scoring.events." + outcome)
              .description(
                  key.accepted()
                      ? "Interactions applied for the first time"
                      : "Interactions whose event id was already applied")
              .tag("type", key.kind().name().toLowerCase(Locale.ROOT))
              .tag("network", key.network())
              .register(registry)
              .increment(n[0]);
        });
    snapshots.increment(snapshotCount);
    scoresComputed.increment(scored.size());
    for (StateStore.Ranked r : scored) {
      scores.record(ScoringModel.referenceScore(r.raw()));
    }
  }

  /** The label of {@code network}: its name when labelled, otherwise {@value #OTHER_NETWORK}. */
  String networkLabel(String network) {
    if (networks != null) {
      return networks.contains(network) ? network : OTHER_NETWORK;
    }
    if (seen.contains(network)) {
      return network;
    }
    synchronized (seen) {
      if (seen.size() < AUTO_NETWORK_LABELS) {
        seen.add(network);
        return network;
      }
    }
    return OTHER_NETWORK;
  }

  private record Tally(boolean accepted, InteractionKind kind, String network) {}

  /** Time spent in one phase of applying a batch: read, compute, write or after. */
  void phase(String name, long nanos) {
    Timer.builder("sway.scoring.batch.phase")
        .description("Time per phase of applying a batch")
        .tag("phase", name)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void redisError() {
    Counter.builder("sway.redis.errors")
        .description("Redis operations that failed or timed out")
        .register(registry)
        .increment();
  }

  void casRetries(int n) {
    casRetries.increment(n);
  }

  /**
   * Events and snapshots dropped before scoring: naming a suppressed (erased) account, or, in
   * opt-in mode, an unregistered target.
   */
  void suppressed(int erased, int unregistered) {
    if (erased > 0) {
      suppressed.get(0).increment(erased);
    }
    if (unregistered > 0) {
      suppressed.get(1).increment(unregistered);
    }
  }
}
