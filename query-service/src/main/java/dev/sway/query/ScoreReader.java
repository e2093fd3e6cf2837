package dev.sway.query;

import dev.sway.store.AccountFields;
import dev.sway.store.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The query service's Redis adapter. Every look-up is one pipelined round trip; nothing here
 * blocks: results are futures completed on Lettuce's event loop.
 */
final class ScoreReader {
  static final String[] FIELDS = {
    AccountFields.RAW, AccountFields.COMPONENTS, AccountFields.DISTINCT_ENGAGERS,
    AccountFields.MODEL_VERSION, AccountFields.UPDATED_MS, AccountFields.INTERACTIONS,
    AccountFields.FOLLOWERS, AccountFields.PERSON, AccountFields.SCORED_AT_MS
  };

  private final RedisAsyncCommands<String, String> redis;

  ScoreReader(RedisAsyncCommands<String, String> redis) {
    this.redis = redis;
  }

  /** The stored record of an account: its fields (null when never scored) and topic raws. */
  record StoredScore(String member, Map<String, String> fields, Map<String, String> topicRaws) {
    boolean found() {
      return fields != null;
    }
  }

  CompletableFuture<List<StoredScore>> read(List<String> members) {
    List<CompletableFuture<List<KeyValue<String, String>>>> fields = new ArrayList<>(members.size());
    List<CompletableFuture<Map<String, String>>> topics = new ArrayList<>(members.size());
    for (String m : members) {
      fields.add(redis.hmget(RedisKeys.account(m), FIELDS).toCompletableFuture());
      topics.add(redis.hgetall(RedisKeys.topicRaws(m)).toCompletableFuture());
    }
    List<CompletableFuture<?>> all = new ArrayList<>(fields);
    all.addAll(topics);
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
      List<StoredScore> out = new ArrayList<>(members.size());
      for (int i = 0; i < members.size(); i++) {
        List<KeyValue<String, String>> kvs = fields.get(i).join();
        Map<String, String> f = null;
        if (kvs.get(0).hasValue()) {
          f = new LinkedHashMap<>();
          for (KeyValue<String, String> kv : kvs) {
            if (kv.hasValue()) {
              f.put(kv.getKey(), kv.getValue());
            }
          }
        }
        out.add(new StoredScore(members.get(i), f, topics.get(i).join()));
      }
      return out;
    });
  }

  /** The accounts of a person, sorted. */
  CompletableFuture<List<String>> personAccounts(String personId) {
    return redis.smembers(RedisKeys.person(personId)).toCompletableFuture()
        .thenApply(s -> s.stream().sorted().toList());
  }

  /** History points of an account: epoch day → encoded point. */
  CompletableFuture<Map<String, String>> history(String member) {
    return redis.hgetall(RedisKeys.history(member)).toCompletableFuture();
  }

  /** What an explanation needs besides the score. */
  record ExplainData(Map<String, String> pairs, List<ScoredValue<String>> recent, Map<String, String> history) {}

  CompletableFuture<ExplainData> explainData(String member) {
    CompletableFuture<Map<String, String>> pairs = redis.hgetall(RedisKeys.pairs(member)).toCompletableFuture();
    CompletableFuture<List<ScoredValue<String>>> recent =
        redis.zrangeWithScores(RedisKeys.recentEngagers(member), 0, -1).toCompletableFuture();
    CompletableFuture<Map<String, String>> history = history(member);
    return CompletableFuture.allOf(pairs, recent, history)
        .thenApply(x -> new ExplainData(pairs.join(), recent.join(), history.join()));
  }

  /** One page of topics by activity, with each topic's leaderboard size. */
  record TopicPage(List<ScoredValue<String>> topics, List<Long> accounts, long total) {}

  CompletableFuture<TopicPage> topics(long offset, int size) {
    return redis.zrevrangeWithScores(RedisKeys.TOPICS, offset, offset + size - 1).toCompletableFuture()
        .thenCompose(page -> {
          List<CompletableFuture<Long>> counts = page.stream()
              .map(t -> redis.zcard(RedisKeys.topicLeaderboard(t.getValue())).toCompletableFuture()).toList();
          CompletableFuture<Long> total = redis.zcard(RedisKeys.TOPICS).toCompletableFuture();
          List<CompletableFuture<?>> all = new ArrayList<>(counts);
          all.add(total);
          return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x ->
              new TopicPage(page, counts.stream().map(CompletableFuture::join).toList(), total.join()));
        });
  }

  /** One page of a leaderboard, highest first, and the board's size. */
  record Page(List<ScoredValue<String>> entries, long total) {}

  CompletableFuture<Page> leaderboard(String key, long offset, int size) {
    CompletableFuture<List<ScoredValue<String>>> page =
        redis.zrevrangeWithScores(key, offset, offset + size - 1).toCompletableFuture();
    CompletableFuture<Long> total = redis.zcard(key).toCompletableFuture();
    return page.thenCombine(total, Page::new);
  }
}
