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
    AccountFields.FOLLOWERS
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

  /** One page of a leaderboard, highest first, and the board's size. */
  record Page(List<ScoredValue<String>> entries, long total) {}

  CompletableFuture<Page> leaderboard(String key, long offset, int size) {
    CompletableFuture<List<ScoredValue<String>>> page =
        redis.zrevrangeWithScores(key, offset, offset + size - 1).toCompletableFuture();
    CompletableFuture<Long> total = redis.zcard(key).toCompletableFuture();
    return page.thenCombine(total, Page::new);
  }
}
