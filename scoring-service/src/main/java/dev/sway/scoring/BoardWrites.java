package dev.sway.scoring;

import dev.sway.store.Leaderboards;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A batch's leaderboard entries ({@link AccountStore#afterWrite}): one {@code ZADD} per leaderboard
 * key with every member of the batch — the global board at once, the per-network and per-topic ones
 * once {@code admit-boards.lua} said the name may have one (at most {@link
 * AccountStore.BoardLimits} of them exist) — and the topics' interaction counts. Two rounds, the
 * first shared with the caller's other commands.
 */
final class BoardWrites {
  private final RedisClusterAsyncCommands<String, String> redis;
  private final Leaderboards boards;
  private final AccountStore.BoardLimits boardLimits;
  private final Scripts admitScript;

  BoardWrites(
      RedisClusterAsyncCommands<String, String> redis,
      Leaderboards boards,
      AccountStore.BoardLimits boardLimits) {
    this.redis = redis;
    this.boards = boards;
    this.boardLimits = boardLimits;
    this.admitScript = Scripts.load(redis, "admit-boards.lua");
  }

  /** The network and topic entries of a batch, waiting for their names' admission. */
  record Pending(
      Map<String, List<ScoredValue<String>>> networks,
      Map<String, List<ScoredValue<String>>> topics,
      Map<String, Integer> topicCounts,
      CompletableFuture<List<Long>> admittedNetworks,
      CompletableFuture<List<Long>> admittedTopics) {}

  /**
   * Round one, added to {@code all}: the global board's entries and which of the batch's networks
   * and topics may have a leaderboard (one call each).
   */
  Pending start(
      List<StateStore.Ranked> ranked,
      Map<String, Integer> topicCounts,
      List<CompletableFuture<?>> all) {
    List<ScoredValue<String>> global = new ArrayList<>();
    Map<String, List<ScoredValue<String>>> networks = new LinkedHashMap<>();
    Map<String, List<ScoredValue<String>>> topics = new LinkedHashMap<>();
    for (StateStore.Ranked r : ranked) {
      global.add(ScoredValue.just(r.raw(), r.member()));
      networks
          .computeIfAbsent(RedisKeys.networkOf(r.member()), k -> new ArrayList<>())
          .add(ScoredValue.just(r.raw(), r.member()));
      r.topicRaws()
          .forEach(
              (topic, raw) ->
                  topics
                      .computeIfAbsent(topic, k -> new ArrayList<>())
                      .add(ScoredValue.just(raw, r.member())));
    }
    topicCounts.keySet().forEach(t -> topics.computeIfAbsent(t, k -> new ArrayList<>()));
    zadd(all, RedisKeys.LEADERBOARD_ALL, global);
    CompletableFuture<List<Long>> admittedNetworks =
        admit(RedisKeys.NETWORK_BOARDS, boardLimits.networks(), networks.keySet());
    CompletableFuture<List<Long>> admittedTopics =
        admit(RedisKeys.TOPIC_BOARDS, boardLimits.topics(), topics.keySet());
    all.add(admittedNetworks);
    all.add(admittedTopics);
    return new Pending(networks, topics, topicCounts, admittedNetworks, admittedTopics);
  }

  /** Round two, once round one is answered: the entries of the names admitted. */
  void finish(Pending p, List<CompletableFuture<?>> all) {
    addAdmitted(
        all, p.networks(), p.admittedNetworks().join(), RedisKeys::networkLeaderboard, Map.of());
    addAdmitted(
        all, p.topics(), p.admittedTopics().join(), RedisKeys::topicLeaderboard, p.topicCounts());
  }

  /** Members per leaderboard command. */
  static final int BOARD_CHUNK = 500;

  private CompletableFuture<List<Long>> admit(String registry, int limit, Set<String> names) {
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    String[] args = new String[1 + names.size()];
    args[0] = Integer.toString(limit);
    int i = 1;
    for (String n : names) {
      args[i++] = n;
    }
    return admitScript
        .<List<Long>, String>run(redis, ScriptOutputType.MULTI, new String[] {registry}, args)
        .toCompletableFuture();
  }

  /**
   * The entries of the names admitted (in {@code byName}'s order), and for topics their
   * interactions in the topic index.
   */
  private void addAdmitted(
      List<CompletableFuture<?>> all,
      Map<String, List<ScoredValue<String>>> byName,
      List<Long> admitted,
      Function<String, String> boardKey,
      Map<String, Integer> counts) {
    int i = 0;
    for (Map.Entry<String, List<ScoredValue<String>>> e : byName.entrySet()) {
      if (admitted.get(i++) != 1L) {
        continue;
      }
      zadd(all, boardKey.apply(e.getKey()), e.getValue());
      int count = counts.getOrDefault(e.getKey(), 0);
      if (count > 0) {
        all.add(redis.zincrby(RedisKeys.TOPICS, count, e.getKey()).toCompletableFuture());
      }
    }
  }

  /** ZADDs of the entries to the leaderboard's keys (its shards on a cluster), in chunks. */
  private void zadd(
      List<CompletableFuture<?>> all, String board, List<ScoredValue<String>> entries) {
    boards
        .byKey(board, entries)
        .forEach(
            (key, inKey) -> {
              for (int from = 0; from < inKey.size(); from += BOARD_CHUNK) {
                @SuppressWarnings("unchecked")
                ScoredValue<String>[] chunk =
                    inKey
                        .subList(from, Math.min(inKey.size(), from + BOARD_CHUNK))
                        .toArray(ScoredValue[]::new);
                all.add(redis.zadd(key, chunk).toCompletableFuture());
              }
            });
  }
}
