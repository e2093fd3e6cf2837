package dev.sway.scoring;

import dev.sway.store.AccountFields;
import dev.sway.store.HistoryPoint;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Persons (linked accounts), erasure and export: the scoring service's rare, administrative
 * writes. They run on a handler thread with Redis's synchronous API; none is on the hot path.
 */
public final class PersonAdmin {
  private final RedisCommands<String, String> redis;
  private final io.lettuce.core.api.async.RedisAsyncCommands<String, String> async;

  public PersonAdmin(RedisConnector connector) {
    this.redis = connector.connection().sync();
    this.async = connector.async();
  }

  /** An account already belongs to another person. */
  public static final class LinkConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LinkConflict(String message) {
      super(message);
    }
  }

  /** Links accounts to a person; returns all the person's accounts. */
  public synchronized List<String> link(String personId, List<String> members) {
    for (String m : members) {
      String owner = redis.hget(RedisKeys.account(m), AccountFields.PERSON);
      if (owner != null && !owner.equals(personId)) {
        throw new LinkConflict("account " + m + " belongs to another person; unlink it first");
      }
    }
    for (String m : members) {
      redis.sadd(RedisKeys.person(personId), m);
      redis.hset(RedisKeys.account(m), AccountFields.PERSON, personId);
    }
    return accountsOf(personId);
  }

  /** Unlinks accounts from a person; returns the accounts left. */
  public synchronized List<String> unlink(String personId, List<String> members) {
    for (String m : members) {
      if (redis.srem(RedisKeys.person(personId), m) > 0) {
        redis.hdel(RedisKeys.account(m), AccountFields.PERSON);
      }
    }
    return accountsOf(personId);
  }

  public List<String> accountsOf(String personId) {
    return new ArrayList<>(new java.util.TreeSet<>(redis.smembers(RedisKeys.person(personId))));
  }

  /** What an erasure removed. */
  public record Erased(List<String> accounts, long deletedKeys, long removedEntries) {}

  /**
   * Removes every key and every entry naming the accounts: their own keys (record, engagement,
   * topics, history, recent engagers, de-duplication ids), their leaderboard entries, their
   * entries in the engagement and recent engagers of every other account, and the person.
   * Idempotent.
   *
   * <p>Finding the accounts they engaged takes a scan of every engagement hash: Sway keeps no
   * reverse index (it cost more memory per account than the rest of its record), so an erasure
   * costs one pipelined pass over the accounts — seconds for hundreds of thousands — and
   * nothing on the write path.
   */
  private static final String ERASE_RECORD = String.join("\n",
      "local raw = redis.call('HGET', KEYS[1], 'r')",
      "if raw then",
      "  local b = math.min(100000, math.max(0, math.floor(tonumber(raw) * 1000)))",
      "  redis.call('BITFIELD', KEYS[7], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. b, -1)",
      "end",
      "return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])");

  public synchronized Erased erase(String personId, List<String> members) {
    Set<String> accounts = new LinkedHashSet<>(members);
    if (personId != null) {
      accounts.addAll(redis.smembers(RedisKeys.person(personId)));
    }
    long keys = 0;
    long entries = 0;
    for (String m : accounts) {
      Set<String> topics = new LinkedHashSet<>(redis.hkeys(RedisKeys.topics(m)));
      topics.addAll(redis.hkeys(RedisKeys.topicRaws(m)));
      entries += redis.zrem(RedisKeys.LEADERBOARD_ALL, m);
      entries += redis.zrem(RedisKeys.networkLeaderboard(RedisKeys.networkOf(m)), m);
      for (String t : topics) {
        entries += redis.zrem(RedisKeys.topicLeaderboard(t), m);
      }
      ScanCursor cursor = ScanCursor.INITIAL;
      ScanArgs args = ScanArgs.Builder.matches(RedisKeys.eventPattern(m)).limit(1000);
      do {
        KeyScanCursor<String> page = redis.scan(cursor, args);
        if (!page.getKeys().isEmpty()) {
          keys += redis.del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
      // The record leaves the calibration histogram in the same step it is deleted.
      keys += redis.<Long>eval(ERASE_RECORD, io.lettuce.core.ScriptOutputType.INTEGER,
          new String[] {RedisKeys.account(m), RedisKeys.pairs(m), RedisKeys.topics(m),
              RedisKeys.topicRaws(m), RedisKeys.history(m), RedisKeys.recentEngagers(m),
              RedisKeys.CALIBRATION_HISTOGRAM});
    }
    String[] names = accounts.toArray(String[]::new);
    if (names.length > 0) {
      entries += everyKey(RedisKeys.ALL_PAIRS, key -> async.hdel(key, names));
      entries += everyKey(RedisKeys.ALL_RECENT, key -> async.zrem(key, names));
    }
    if (personId != null) {
      keys += redis.del(RedisKeys.person(personId));
    }
    return new Erased(List.copyOf(accounts), keys, entries);
  }

  /** Applies {@code op} to every key matching {@code pattern}, a page at a time, pipelined. */
  private long everyKey(String pattern, java.util.function.Function<String, io.lettuce.core.RedisFuture<Long>> op) {
    long total = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      List<io.lettuce.core.RedisFuture<Long>> replies = new java.util.ArrayList<>(page.getKeys().size());
      for (String key : page.getKeys()) {
        replies.add(op.apply(key));
      }
      for (io.lettuce.core.RedisFuture<Long> r : replies) {
        total += r.toCompletableFuture().join();
      }
      cursor = page;
    } while (!cursor.isFinished());
    return total;
  }

  /** Keys matching {@code pattern} whose hash has {@code field}, sorted. */
  private List<String> keysWithField(String pattern, String field) {
    List<String> out = new java.util.ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      List<io.lettuce.core.RedisFuture<Boolean>> replies = new java.util.ArrayList<>();
      for (String key : page.getKeys()) {
        replies.add(async.hexists(key, field));
      }
      for (int i = 0; i < replies.size(); i++) {
        if (Boolean.TRUE.equals(replies.get(i).toCompletableFuture().join())) {
          out.add(page.getKeys().get(i));
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    java.util.Collections.sort(out);
    return out;
  }

  /** Everything stored about the accounts, as a JSON document. */
  public String export(String personId, List<String> members) {
    Set<String> accounts = new LinkedHashSet<>(members);
    if (personId != null) {
      accounts.addAll(redis.smembers(RedisKeys.person(personId)));
    }
    Json j = new Json();
    j.open('{');
    if (personId != null) {
      j.field("person_id").string(personId);
    }
    j.field("accounts").open('[');
    for (String m : accounts) {
      j.open('{');
      j.field("network").string(RedisKeys.networkOf(m));
      j.field("account_id").string(RedisKeys.accountIdOf(m));
      j.field("record").map(new TreeMap<>(redis.hgetall(RedisKeys.account(m))));
      j.field("engagement_received").map(new TreeMap<>(redis.hgetall(RedisKeys.pairs(m))));
      j.field("accounts_engaged").open('[');
      for (String key : keysWithField(RedisKeys.ALL_PAIRS, m)) {
        // sway:p:{member}: the member between the braces
        j.string(key.substring(key.indexOf('{') + 1, key.lastIndexOf('}')));
      }
      j.close(']');
      j.field("recent_engagers").open('{');
      for (ScoredValue<String> v : redis.zrangeWithScores(RedisKeys.recentEngagers(m), 0, -1)) {
        j.field(v.getValue()).number((long) v.getScore());
      }
      j.close('}');
      j.field("topics").map(new TreeMap<>(redis.hgetall(RedisKeys.topics(m))));
      j.field("topic_raw_scores").map(new TreeMap<>(redis.hgetall(RedisKeys.topicRaws(m))));
      j.field("history").open('[');
      Map<String, String> history = redis.hgetall(RedisKeys.history(m));
      for (String day : new TreeMap<>(history).keySet()) {
        HistoryPoint p = HistoryPoint.decode(Long.parseLong(day), history.get(day));
        j.open('{');
        j.field("epoch_day").number(p.epochDay());
        j.field("raw").number(p.raw());
        j.field("reach").number(p.reach());
        j.field("amplification").number(p.amplification());
        j.field("authority").number(p.authority());
        j.field("activity").number(p.activity());
        j.field("model_version").string(p.modelVersion());
        j.close('}');
      }
      j.close(']');
      Double global = redis.zscore(RedisKeys.LEADERBOARD_ALL, m);
      j.field("leaderboard_raw_score").raw(global == null ? "null" : Double.toString(global));
      j.close('}');
    }
    j.close(']');
    j.close('}');
    return j.toString();
  }
}
