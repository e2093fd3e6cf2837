package dev.sway.scoring;

import dev.sway.model.ScoringModel;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the persons' leaderboard ({@link RedisKeys#PERSON_LEADERBOARD}): a person's raw score is
 * its accounts' combined as {@code GetScore} of the person combines them (the best account per
 * network, networks summed with diminishing returns, {@link ScoringModel#combineNetworks}).
 *
 * <p>Updated after every write that touches a linked account, and by linking, unlinking and
 * erasure. The combination is computed here, in Java, and stored by {@code person-board.lua} only
 * if the person's accounts and their scores are still the ones read: two replicas writing two
 * accounts of one person never leave a combination of stale scores behind.
 */
final class PersonBoard {
  private static final int ATTEMPTS = 8;

  private final RedisClusterAsyncCommands<String, String> redis;
  private final Scripts script;
  private final long timeoutMs;

  PersonBoard(RedisClusterAsyncCommands<String, String> redis, long timeoutMs) {
    this.redis = redis;
    this.script = Scripts.load(redis, "person-board.lua");
    this.timeoutMs = timeoutMs;
  }

  /** Recomputes the places of {@code personIds}; blocks until they are stored. */
  void update(Collection<String> personIds) {
    // All persons at once, three pipelined rounds an attempt; only those whose accounts moved
    // meanwhile go round again.
    List<String> left = new ArrayList<>(personIds);
    for (int attempt = 0; attempt < ATTEMPTS && !left.isEmpty(); attempt++) {
      left = tryUpdate(left);
    }
  }

  /** One attempt for each person; returns those to try again. */
  private List<String> tryUpdate(List<String> personIds) {
    List<CompletableFuture<Set<String>>> sets = new ArrayList<>();
    for (String p : personIds) {
      sets.add(redis.smembers(RedisKeys.person(p)).toCompletableFuture());
    }
    List<List<String>> members = new ArrayList<>();
    List<CompletableFuture<List<Double>>> raws = new ArrayList<>();
    for (CompletableFuture<Set<String>> set : sets) {
      List<String> m = new ArrayList<>(join(set));
      members.add(m);
      raws.add(
          m.isEmpty()
              ? CompletableFuture.completedFuture(List.of())
              : redis
                  .zmscore(RedisKeys.LEADERBOARD_ALL, m.toArray(String[]::new))
                  .toCompletableFuture());
    }
    List<CompletableFuture<Long>> writes = new ArrayList<>();
    for (int p = 0; p < personIds.size(); p++) {
      writes.add(write(personIds.get(p), members.get(p), join(raws.get(p))));
    }
    List<String> again = new ArrayList<>();
    for (int p = 0; p < personIds.size(); p++) {
      if (join(writes.get(p)) != 1) {
        again.add(personIds.get(p));
      }
    }
    return again;
  }

  private CompletableFuture<Long> write(String personId, List<String> members, List<Double> raws) {
    Map<String, Double> bestPerNetwork = new TreeMap<>();
    List<String> args = new ArrayList<>();
    args.add(personId);
    args.add("");
    for (int i = 0; i < members.size(); i++) {
      Double raw = raws.get(i);
      args.add(members.get(i));
      args.add(raw == null ? "" : Double.toString(raw));
      if (raw != null) {
        bestPerNetwork.merge(RedisKeys.networkOf(members.get(i)), raw, Math::max);
      }
    }
    if (!bestPerNetwork.isEmpty()) {
      args.set(
          1,
          Double.toString(ScoringModel.combineNetworks(new ArrayList<>(bestPerNetwork.values()))));
    }
    return script
        .<Long, String>run(
            redis,
            ScriptOutputType.INTEGER,
            new String[] {
              RedisKeys.person(personId), RedisKeys.LEADERBOARD_ALL, RedisKeys.PERSON_LEADERBOARD
            },
            args.toArray(String[]::new))
        .toCompletableFuture();
  }

  private <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AccountStore.StoreException("person leaderboard: " + e.getMessage(), e);
    }
  }
}
