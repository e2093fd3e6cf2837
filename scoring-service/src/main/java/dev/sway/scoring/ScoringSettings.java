package dev.sway.scoring;

import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServerSettings;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the scoring service is configured with, read once. {@link #DECLARED} is the one list
 * of its settings: {@code --help}, the unknown-flag check and the README's table come from it.
 */
record ScoringSettings(
    ServerConfig server,
    String redisUri,
    long redisTimeoutMs,
    double halfLifeDays,
    long dedupTtlDays,
    long sweepIntervalMs,
    double sweepAccountsPerSecond,
    boolean wallClockDecay,
    int recordCacheAccounts,
    Set<String> metricNetworks,
    int applyQueueRequests,
    int applyBatchEvents,
    long erasureResumeMs,
    Privacy.Mode scoringMode,
    String privacyKey,
    AccountStore.BoardLimits boardLimits,
    int redisWaitReplicas) {

  static final Setting<Double> HALF_LIFE_DAYS =
      Setting.ofDouble("half-life-days", 30, "decay half-life of engagement");
  static final Setting<Long> DEDUP_TTL_DAYS =
      Setting.ofLong(
          "dedup-ttl-days", 30L, "how long an event id is remembered for de-duplication");
  static final Setting<Long> SWEEP_INTERVAL_MS =
      Setting.ofLong(
          "sweep-interval-ms", 60_000L, "how often the decay sweep checks for a new clock day");
  static final Setting<Double> SWEEP_ACCOUNTS_PER_SECOND =
      Setting.ofDouble(
          "sweep-accounts-per-second",
          20_000,
          "upper bound on accounts the sweep examines per second");
  static final Setting<String> DECAY_CLOCK =
      Setting.ofChoice(
          "decay-clock",
          "events",
          Set.of("events", "wall"),
          "events: scores decay to the latest event time stored (backfills score as of their own"
              + " time); wall: also to the wall clock");
  static final Setting<Integer> RECORD_CACHE_ACCOUNTS =
      Setting.ofInt(
          "record-cache-accounts",
          200_000,
          "account records kept in the process, so a batch reads from Redis only accounts it has"
              + " not seen lately (checked by version on every write)");
  static final Setting<String> METRIC_NETWORKS =
      Setting.ofText(
              "metric-networks",
              null,
              "networks named in metric labels, comma-separated; every other network is counted as"
                  + " other")
          .withDefaultText("the first 16 seen");
  static final Setting<Integer> APPLY_QUEUE_REQUESTS =
      Setting.ofInt(
          "apply-queue-requests",
          256,
          "requests waiting to be applied; beyond it UNAVAILABLE (retry)");
  static final Setting<Integer> APPLY_BATCH_EVENTS =
      Setting.ofInt(
          "apply-batch-events",
          20_000,
          "most events one group commit applies (queued requests are applied together)");
  static final Setting<Long> ERASURE_RESUME_MS =
      Setting.ofLong(
          "erasure-resume-ms",
          30_000L,
          "how often a replica looks for erasures whose owner stopped (unmoved for a minute) to"
              + " finish them");
  static final Setting<String> SCORING_MODE =
      Setting.ofChoice(
          "scoring-mode",
          "open",
          Set.of("open", "opt-in"),
          "open scores every account except erased ones; opt-in only accounts registered with"
              + " RegisterAccounts (docs/privacy.md)");
  static final Setting<String> PRIVACY_KEY =
      Setting.ofText(
              "privacy-key",
              null,
              "base64 key (at least 16 bytes) of the keyed hashes of erased and unregistered"
                  + " accounts; set it in a deployment")
          .withDefaultText("generated, kept in Redis (with a warning)");
  static final Setting<Integer> MAX_NETWORK_LEADERBOARDS =
      Setting.ofInt(
          "max-network-leaderboards",
          AccountStore.BoardLimits.DEFAULT.networks(),
          "networks that get a leaderboard (first come); accounts of others are scored but not"
              + " ranked per network");
  static final Setting<Integer> MAX_TOPIC_LEADERBOARDS =
      Setting.ofInt(
          "max-topic-leaderboards",
          AccountStore.BoardLimits.DEFAULT.topics(),
          "topics that get a leaderboard and a place in the topic list (first come)");

  /** Every setting of the scoring service. */
  static final Setting<Integer> REDIS_WAIT_REPLICAS =
      Setting.ofInt(
          "redis-wait-replicas",
          0,
          "replicas every batch's writes must reach (Redis WAIT, on each master) before it is"
              + " acknowledged; 0 acknowledges once the master stored it, so a master that dies"
              + " before replicating loses the last milliseconds of acknowledged writes");

  static final List<Setting<?>> DECLARED = declared();

  private static List<Setting<?>> declared() {
    List<Setting<?>> all = new ArrayList<>(ServerSettings.server(50052, 9092));
    all.set(
        all.indexOf(ServerSettings.MAX_INFLIGHT_PER_CALLER),
        ServerSettings.MAX_INFLIGHT_PER_CALLER.withDefaultText(
            "all of max-inflight-calls (ingest is the one caller)"));
    // Scoring is internal: reachable only where it is deployed to be (a pod sets 0.0.0.0).
    all.set(
        all.indexOf(ServerSettings.BIND_ADDRESS),
        ServerSettings.BIND_ADDRESS.withDefault("127.0.0.1"));
    // Keys for its administrative calls, which ingest relays with the caller's own key.
    all.addAll(ServerSettings.AUTHENTICATION);
    all.addAll(ServerSettings.redis(2000));
    all.addAll(
        List.of(
            HALF_LIFE_DAYS,
            DEDUP_TTL_DAYS,
            SWEEP_INTERVAL_MS,
            SWEEP_ACCOUNTS_PER_SECOND,
            DECAY_CLOCK,
            RECORD_CACHE_ACCOUNTS,
            METRIC_NETWORKS,
            APPLY_QUEUE_REQUESTS,
            APPLY_BATCH_EVENTS,
            ERASURE_RESUME_MS,
            SCORING_MODE,
            PRIVACY_KEY,
            MAX_NETWORK_LEADERBOARDS,
            MAX_TOPIC_LEADERBOARDS,
            REDIS_WAIT_REPLICAS));
    return List.copyOf(all);
  }

  static ScoringSettings read(Settings s) {
    ServerConfig server = ServerConfig.from("scoring", s, DECLARED);
    // Ingest is the one caller: it gets the whole in-flight budget unless told otherwise.
    server = server.withDefaultPerCaller(s, server.maxInflightCalls());
    String networks = s.get(METRIC_NETWORKS);
    return new ScoringSettings(
        server,
        s.get(ServerSettings.REDIS_URI),
        s.get(ServerSettings.in(DECLARED, ServerSettings.REDIS_TIMEOUT_MS)),
        s.get(HALF_LIFE_DAYS),
        s.get(DEDUP_TTL_DAYS),
        s.get(SWEEP_INTERVAL_MS),
        s.get(SWEEP_ACCOUNTS_PER_SECOND),
        s.get(DECAY_CLOCK).equals("wall"),
        s.get(RECORD_CACHE_ACCOUNTS),
        networks == null
            ? Set.of()
            : Arrays.stream(networks.split(","))
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .collect(Collectors.toUnmodifiableSet()),
        s.get(APPLY_QUEUE_REQUESTS),
        s.get(APPLY_BATCH_EVENTS),
        s.get(ERASURE_RESUME_MS),
        Privacy.Mode.parse(s.get(SCORING_MODE)),
        s.get(PRIVACY_KEY),
        new AccountStore.BoardLimits(
            s.get(MAX_NETWORK_LEADERBOARDS), s.get(MAX_TOPIC_LEADERBOARDS)),
        s.get(REDIS_WAIT_REPLICAS));
  }
}
