package dev.sway.scoring;

import dev.sway.common.Failure;
import dev.sway.model.ScoringModel;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisKeys;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the persons' leaderboard ({@link RedisKeys#PERSON_LEADERBOARD}): a person's raw score is
 * its accounts' combined as {@code GetScore} of the person combines them (the best account per
 * network, networks summed with diminishing returns, {@link ScoringModel#combineNetworks}).
 *
 * <p>Updated after every write that touches a linked account, and by linking, unlinking and
 * erasure. The combination is computed here, in Java, stored, and confirmed: the person's accounts
 * and their scores are read again after the write, and a person whose inputs moved meanwhile is
 * done again. Two replicas writing two accounts of one person never leave a combination of stale
 * scores behind. (No script: the person's set, the global leaderboard and the persons' leaderboard
 * live in different slots on a Redis Cluster.)
 */
final class PersonBoard {
  private static final int ATTEMPTS = 8;

  private final RedisClusterAsyncCommands<String, String> redis;
  private final long timeoutMs;

  private final Leaderboards boards;

  PersonBoard(
      RedisClusterAsyncCommands<String, String> redis, Leaderboards boards, long timeoutMs) {
    this.redis = redis;
    this.boards = boards;
    this.timeoutMs = timeoutMs;
  }

  /** Recomputes the places of {@code personIds}; blocks until they are stored. */
  void update(Collection<String> personIds) {
    // All persons at once, five pipelined rounds an attempt; only those whose accounts moved
    // meanwhile go round again.
    List<String> left = new ArrayList<>(personIds);
    for (int attempt = 0; attempt < ATTEMPTS && !left.isEmpty(); attempt++) {
      left = tryUpdate(left);
    }
  }

  /**
   * One attempt for each person: read its accounts and their raw scores, store the combination,
   * then read both again; returns the persons whose inputs moved meanwhile (their entry may be
   * stale: try again). A writer that moves an input updates the entry after its move, so the last
   * write to land is one computed from the final inputs.
   */
  private List<String> tryUpdate(List<String> personIds) {
    List<Inputs> before = read(personIds);
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int p = 0; p < personIds.size(); p++) {
      writes.add(write(personIds.get(p), before.get(p)));
    }
    for (CompletableFuture<?> w : writes) {
      join(w);
    }
    List<Inputs> after = read(personIds);
    List<String> again = new ArrayList<>();
    for (int p = 0; p < personIds.size(); p++) {
      if (!before.get(p).equals(after.get(p))) {
        again.add(personIds.get(p));
      }
    }
    return again;
  }

  /** A person's accounts (sorted) and their raw scores on the global leaderboard (null: none). */
  private record Inputs(List<String> members, List<Double> raws) {}

  /** Two pipelined rounds: the persons' sets, then their accounts' raw scores. */
  private List<Inputs> read(List<String> personIds) {
    List<CompletableFuture<Set<String>>> sets = new ArrayList<>();
    for (String p : personIds) {
      sets.add(redis.smembers(RedisKeys.person(p)).toCompletableFuture());
    }
    List<List<String>> members = new ArrayList<>();
    List<Map<String, CompletableFuture<List<Double>>>> raws = new ArrayList<>();
    for (CompletableFuture<Set<String>> set : sets) {
      List<String> m = new ArrayList<>(new TreeSet<>(join(set)));
      members.add(m);
      // One ZMSCORE per leaderboard key (shard) the accounts are in.
      Map<String, CompletableFuture<List<Double>>> byKey = new LinkedHashMap<>();
      boards
          .membersByKey(RedisKeys.LEADERBOARD_ALL, m)
          .forEach(
              (key, inKey) ->
                  byKey.put(
                      key, redis.zmscore(key, inKey.toArray(String[]::new)).toCompletableFuture()));
      raws.add(byKey);
    }
    List<Inputs> out = new ArrayList<>();
    for (int p = 0; p < personIds.size(); p++) {
      Map<String, Double> scores = new HashMap<>();
      Map<String, List<String>> byKey =
          boards.membersByKey(RedisKeys.LEADERBOARD_ALL, members.get(p));
      for (Map.Entry<String, CompletableFuture<List<Double>>> e : raws.get(p).entrySet()) {
        List<String> inKey = byKey.get(e.getKey());
        List<Double> got = join(e.getValue());
        for (int i = 0; i < inKey.size(); i++) {
          scores.put(inKey.get(i), got.get(i));
        }
      }
      List<Double> inOrder = new ArrayList<>();
      for (String m : members.get(p)) {
        inOrder.add(scores.get(m));
      }
      out.add(new Inputs(members.get(p), inOrder));
    }
    return out;
  }

  private CompletableFuture<?> write(String personId, Inputs in) {
    Map<String, Double> bestPerNetwork = new TreeMap<>();
    for (int i = 0; i < in.members().size(); i++) {
      Double raw = in.raws().get(i);
      if (raw != null) {
        bestPerNetwork.merge(RedisKeys.networkOf(in.members().get(i)), raw, Math::max);
      }
    }
    if (bestPerNetwork.isEmpty()) {
      return redis
          .zrem(boards.keyOf(RedisKeys.PERSON_LEADERBOARD, personId), personId)
          .toCompletableFuture();
    }
    double combined = ScoringModel.combineNetworks(new ArrayList<>(bestPerNetwork.values()));
    return redis
        .zadd(boards.keyOf(RedisKeys.PERSON_LEADERBOARD, personId), combined, personId)
        .toCompletableFuture();
  }

  private <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new Failure.StoreUnavailable("person leaderboard: " + e.getMessage(), e);
    }
  }
}
