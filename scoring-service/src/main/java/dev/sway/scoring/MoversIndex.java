package dev.sway.scoring;

import dev.sway.model.Calibration;
import dev.sway.model.ModelConfig;
import dev.sway.model.RawHistogram;
import dev.sway.store.HistoryDays;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps the movers index: per window (1, 7, 30 days) and scope (global, network, topic), a sorted
 * set of accounts by how much their score moved, so that {@code ListMovers} reads a page instead of
 * every account.
 *
 * <p>For each account a batch or the decay sweep stored, it reads the tail of the account's history
 * (the last 32 points: enough to hold the point in force 30 days before the last one) and computes
 * the change the way {@code GetScoreHistory} does ({@link HistoryDays}), calibrated with the
 * population's histogram as of at most {@code refreshMs} ago. The query service recomputes the
 * numbers of the page it returns with the current calibration, so what a caller reads matches the
 * account's history exactly; the index only decides who is on which page. The decay sweep rewrites
 * idle accounts once a day, which keeps their entries current as the windows slide.
 *
 * <p>Cost per stored account: one {@code GETRANGE} of at most 480 bytes, and one {@code ZADD}
 * member per window and scope (pipelined per key, as for the leaderboards).
 */
final class MoversIndex {
  /**
   * Points read: one more than the largest window, which guarantees its base point is among them.
   */
  static final int TAIL_POINTS = 32;

  /**
   * Accounts kept at each end of a list (the largest rises and the largest falls). An account
   * dropped from the middle comes back at its next write, which every scored account gets at least
   * once a day (an event, or the decay sweep), so the ends stay right while memory stays bounded by
   * lists, not by accounts.
   */
  static final int KEPT_PER_END = 1000;

  private final RedisConnector redis;
  private volatile String modelVersion = ModelConfig.DEFAULT.version();
  private final long refreshMs;
  private final int keptPerEnd;
  private final LongSupplier nanos;
  private volatile Calibration calibration = Calibration.bootstrap();
  private volatile long refreshedNanos = Long.MIN_VALUE;
  private volatile CompletableFuture<Void> refreshing;

  /** How often the calibration is re-read. */
  static final long REFRESH_MS = 30_000;

  MoversIndex(RedisConnector redis, LongSupplier nanos) {
    this(redis, nanos, KEPT_PER_END);
  }

  MoversIndex(RedisConnector redis, LongSupplier nanos, int keptPerEnd) {
    this.keptPerEnd = keptPerEnd;
    this.redis = redis;
    this.refreshMs = REFRESH_MS;
    this.nanos = nanos;
  }

  void modelVersion(String version) {
    this.modelVersion = version;
  }

  /** The calibration, re-read when older than refreshMs. */
  private CompletableFuture<Void> fresh() {
    long now = nanos.getAsLong();
    if (refreshedNanos != Long.MIN_VALUE && now - refreshedNanos < refreshMs * 1_000_000) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> r = refreshing;
    if (r != null && !r.isDone()) {
      return r;
    }
    refreshedNanos = now;
    refreshing =
        redis
            .getBytes(RedisKeys.CALIBRATION_HISTOGRAM)
            .thenAccept(b -> calibration = Calibration.of(RawHistogram.fromBytes(b)));
    return refreshing;
  }

  /** Which of {@code names} are in a board registry (one SMISMEMBER). */
  private CompletableFuture<Set<String>> registered(String registry, Set<String> names) {
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(Set.of());
    }
    List<String> list = new ArrayList<>(names);
    return redis
        .async()
        .smismember(registry, list.toArray(String[]::new))
        .toCompletableFuture()
        .thenApply(
            in -> {
              Set<String> out = new HashSet<>();
              for (int i = 0; i < list.size(); i++) {
                if (Boolean.TRUE.equals(in.get(i))) {
                  out.add(list.get(i));
                }
              }
              return out;
            });
  }

  /**
   * Adds the index writes for {@code ranked} to {@code pending} once their history tails are read.
   */
  CompletableFuture<Void> update(List<StateStore.Ranked> ranked) {
    if (ranked.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    RedisClusterAsyncCommands<String, byte[]> binary = redis.binary();
    List<CompletableFuture<byte[]>> tails = new ArrayList<>(ranked.size());
    for (StateStore.Ranked r : ranked) {
      tails.add(
          binary
              .getrange(RedisKeys.history(r.member()), -TAIL_POINTS * HistorySeries.POINT_BYTES, -1)
              .toCompletableFuture());
    }
    // The networks and topics with a leaderboard get lists of their own; asked in the same round.
    Set<String> networkNames = new HashSet<>();
    Set<String> topicNames = new HashSet<>();
    for (StateStore.Ranked r : ranked) {
      networkNames.add(RedisKeys.networkOf(r.member()));
      topicNames.addAll(r.topicRaws().keySet());
    }
    CompletableFuture<Set<String>> networks = registered(RedisKeys.NETWORK_BOARDS, networkNames);
    CompletableFuture<Set<String>> topics = registered(RedisKeys.TOPIC_BOARDS, topicNames);
    return fresh()
        .thenCompose(
            ignored ->
                CompletableFuture.allOf(
                    CompletableFuture.allOf(tails.toArray(CompletableFuture[]::new)),
                    networks,
                    topics))
        .thenCompose(
            ignored -> {
              Map<String, List<ScoredValue<String>>> adds = new LinkedHashMap<>();
              Map<String, List<String>> removes = new LinkedHashMap<>();
              for (int i = 0; i < ranked.size(); i++) {
                index(
                    ranked.get(i),
                    tails.get(i).join(),
                    networks.join(),
                    topics.join(),
                    adds,
                    removes);
              }
              return write(adds, removes);
            });
  }

  private void index(
      StateStore.Ranked r,
      byte[] tail,
      Set<String> networks,
      Set<String> topics,
      Map<String, List<ScoredValue<String>>> adds,
      Map<String, List<String>> removes) {
    TreeMap<Long, HistoryPoint> points = HistorySeries.decode(tail, modelVersion);
    if (points.isEmpty()) {
      return;
    }
    // Measured against the population without this account, as GetScoreHistory does.
    Calibration cal = calibration.without(r.raw());
    // The score's own day when it is later than the last point (an idle account the sweep
    // decayed): GetScoreHistory shows that day as the last one too.
    long last = Math.max(points.lastKey(), r.epochDay());
    double now =
        cal.score(r.epochDay() >= points.lastKey() ? r.raw() : points.lastEntry().getValue().raw());
    String network = RedisKeys.networkOf(r.member());
    Set<String> scopes = new HashSet<>();
    for (int w : RedisKeys.MOVER_WINDOWS) {
      scopes.clear();
      scopes.add(RedisKeys.movers(w));
      if (networks.contains(network)) {
        scopes.add(RedisKeys.networkMovers(w, network));
      }
      for (String topic : r.topicRaws().keySet()) {
        if (topics.contains(topic)) {
          scopes.add(RedisKeys.topicMovers(w, topic));
        }
      }
      HistoryDays.Day then = HistoryDays.at(points, last - w);
      for (String key : scopes) {
        if (then == null) {
          // Not scored a whole window ago: no delta (GetScoreHistory says 0), not a mover.
          removes.computeIfAbsent(key, k -> new ArrayList<>()).add(r.member());
        } else {
          adds.computeIfAbsent(key, k -> new ArrayList<>())
              .add(ScoredValue.just(now - cal.score(then.raw()), r.member()));
        }
      }
    }
  }

  private CompletableFuture<Void> write(
      Map<String, List<ScoredValue<String>>> adds, Map<String, List<String>> removes) {
    RedisClusterAsyncCommands<String, String> text = redis.async();
    List<CompletableFuture<?>> all = new ArrayList<>();
    adds.forEach(
        (key, values) -> {
          // Inserted: changes beyond the list's current cuts (or all, while the list is short or
          // its cuts unknown). The others only update an entry the account already has (XX): an
          // account that moved little does not enter a list only to be trimmed from it again.
          Cuts cuts = cuts(key);
          List<ScoredValue<String>> ends = new ArrayList<>();
          List<ScoredValue<String>> middle = new ArrayList<>();
          for (ScoredValue<String> v : values) {
            (cuts == null || cuts.atAnEnd(v.getScore()) ? ends : middle).add(v);
          }
          zadd(text, key, ends, null, all);
          zadd(text, key, middle, ZAddArgs.Builder.xx(), all);
          // Only the ends are ever listed: drop the middle, the accounts that moved least.
          all.add(text.zremrangebyrank(key, keptPerEnd, -(keptPerEnd + 1)).toCompletableFuture());
        });
    removes.forEach(
        (key, members) ->
            all.add(text.zrem(key, members.toArray(String[]::new)).toCompletableFuture()));
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private static void zadd(
      RedisClusterAsyncCommands<String, String> text,
      String key,
      List<ScoredValue<String>> values,
      ZAddArgs args,
      List<CompletableFuture<?>> all) {
    for (int i = 0; i < values.size(); i += BoardWrites.BOARD_CHUNK) {
      @SuppressWarnings("unchecked")
      ScoredValue<String>[] chunk =
          values
              .subList(i, Math.min(values.size(), i + BoardWrites.BOARD_CHUNK))
              .toArray(ScoredValue[]::new);
      all.add(
          (args == null ? text.zadd(key, chunk) : text.zadd(key, args, chunk))
              .toCompletableFuture());
    }
  }

  /**
   * The changes at the list's two cuts (its keptPerEnd-th lowest and highest), as read at most
   * refreshMs ago; NaN cuts while the list holds fewer than twice keptPerEnd.
   */
  record Cuts(double low, double high, long readNanos) {
    boolean atAnEnd(double change) {
      return Double.isNaN(low) || change <= low || change >= high;
    }
  }

  private final Map<String, Cuts> cuts = new ConcurrentHashMap<>();
  private final Set<String> reading = ConcurrentHashMap.newKeySet();

  /**
   * The list's cuts, or null when not known yet; starts reading them when unknown or older than
   * refreshMs (the answer serves the next batches). A cut read before a list shrank can keep an
   * account near it out until the next refresh and its next write (within a day).
   */
  private Cuts cuts(String key) {
    Cuts c = cuts.get(key);
    long now = nanos.getAsLong();
    if ((c == null || now - c.readNanos() > refreshMs * 1_000_000) && reading.add(key)) {
      RedisClusterAsyncCommands<String, String> text = redis.async();
      CompletableFuture<Long> size = text.zcard(key).toCompletableFuture();
      CompletableFuture<List<ScoredValue<String>>> low =
          text.zrangeWithScores(key, keptPerEnd - 1, keptPerEnd - 1).toCompletableFuture();
      CompletableFuture<List<ScoredValue<String>>> high =
          text.zrevrangeWithScores(key, keptPerEnd - 1, keptPerEnd - 1).toCompletableFuture();
      CompletableFuture.allOf(size, low, high)
          .whenComplete(
              (x, e) -> {
                reading.remove(key);
                if (e == null) {
                  cuts.put(
                      key,
                      size.join() < 2L * keptPerEnd
                          ? new Cuts(Double.NaN, Double.NaN, now)
                          : new Cuts(
                              low.join().get(0).getScore(), high.join().get(0).getScore(), now));
                }
              });
    }
    return c;
  }

  /** The index keys an account may be in, for erasure. */
  static List<String> keysOf(String member, Set<String> topics) {
    List<String> keys = new ArrayList<>();
    for (int w : RedisKeys.MOVER_WINDOWS) {
      keys.add(RedisKeys.movers(w));
      keys.add(RedisKeys.networkMovers(w, RedisKeys.networkOf(member)));
      for (String t : topics) {
        keys.add(RedisKeys.topicMovers(w, t));
      }
    }
    return keys;
  }
}
