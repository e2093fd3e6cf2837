package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountFields;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scoring service's Redis adapter: one pipelined read of every account a batch touches, one
 * pipelined round of per-account compare-and-set scripts, then the leaderboards. Blocks the
 * calling thread on Redis, at most {@code timeoutMs} per round.
 */
public final class AccountStore {
  private final RedisAsyncCommands<String, String> redis;
  private final Scripts readScript;
  private final Scripts applyScript;
  private final Scripts clockScript;
  private final long dedupTtlSeconds;
  private final long timeoutMs;

  public AccountStore(RedisConnector connector, long dedupTtlSeconds, long timeoutMs) {
    this.redis = connector.async();
    this.readScript = Scripts.load(redis, "read-account.lua");
    this.applyScript = Scripts.load(redis, "apply-account.lua");
    this.clockScript = Scripts.load(redis, "advance-clock.lua");
    this.dedupTtlSeconds = dedupTtlSeconds;
    this.timeoutMs = timeoutMs;
  }

  /**
   * What to read about one account: the pair masses it holds for {@code engagers}, and whether
   * it already received each of {@code events}.
   */
  static final class ReadRequest {
    final String member;
    final List<String> engagers = new ArrayList<>();
    final List<ModelEvent> events = new ArrayList<>();

    ReadRequest(String member) {
      this.member = member;
    }
  }

  /** One account as read. {@code record} is empty for an account never stored. */
  record AccountRead(
      Map<String, String> record, Map<String, Double> pairs, Map<String, Double> topics,
      boolean[] received) {
    String version() {
      return record.getOrDefault(AccountFields.VERSION, "0");
    }
  }

  /** Reads every requested account in one pipelined round (one script call per account). */
  Map<String, AccountRead> read(Iterable<ReadRequest> requests) {
    List<ReadRequest> order = new ArrayList<>();
    List<CompletableFuture<List<Object>>> replies = new ArrayList<>();
    for (ReadRequest r : requests) {
      Map<Long, Integer> buckets = new LinkedHashMap<>();
      for (ModelEvent e : r.events) {
        buckets.putIfAbsent(RedisKeys.eventBucket(e.timeMs()), buckets.size() + 1);
      }
      String[] keys = new String[3 + buckets.size()];
      keys[0] = RedisKeys.account(r.member);
      keys[1] = RedisKeys.pairs(r.member);
      keys[2] = RedisKeys.topics(r.member);
      buckets.forEach((b, i) -> keys[2 + i] = RedisKeys.events(r.member, b));
      List<String> args = new ArrayList<>(1 + r.engagers.size() + 2 * r.events.size());
      args.add(Integer.toString(r.engagers.size()));
      args.addAll(r.engagers);
      for (ModelEvent e : r.events) {
        args.add(Integer.toString(buckets.get(RedisKeys.eventBucket(e.timeMs()))));
        args.add(e.eventId());
      }
      order.add(r);
      replies.add(readScript.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
          args.toArray(String[]::new)).toCompletableFuture());
    }
    await(replies);
    Map<String, AccountRead> out = new HashMap<>(order.size() * 2);
    for (int i = 0; i < order.size(); i++) {
      ReadRequest r = order.get(i);
      List<Object> reply = replies.get(i).join();
      Map<String, String> record = flatMap((List<?>) reply.get(0));
      Map<String, Double> pairs = new HashMap<>();
      List<?> masses = (List<?>) reply.get(1);
      for (int j = 0; j < r.engagers.size(); j++) {
        Object v = masses.get(j);
        if (v != null) {
          pairs.put(r.engagers.get(j), Double.parseDouble((String) v));
        }
      }
      Map<String, Double> topics = new HashMap<>();
      flatMap((List<?>) reply.get(2)).forEach((t, v) -> topics.put(t, Double.parseDouble(v)));
      List<?> seen = (List<?>) reply.get(3);
      boolean[] received = new boolean[seen.size()];
      for (int j = 0; j < received.length; j++) {
        received[j] = ((Long) seen.get(j)) == 1L;
      }
      out.put(r.member, new AccountRead(record, pairs, topics, received));
    }
    return out;
  }

  private static Map<String, String> flatMap(List<?> flat) {
    Map<String, String> m = new HashMap<>(flat.size());
    for (int j = 0; j + 1 < flat.size(); j += 2) {
      m.put((String) flat.get(j), (String) flat.get(j + 1));
    }
    return m;
  }

  /** The new state of one account, encoded for {@code apply-account.lua}. */
  static final class AccountWrite {
    final String member;
    final String expectedVersion;
    final List<String> accountFields = new ArrayList<>();
    final List<String> pairFields = new ArrayList<>();
    final List<String> topicFields = new ArrayList<>();
    final List<String> topicRawFields = new ArrayList<>();
    final List<String> historyFields = new ArrayList<>();
    /** (last engagement ms, engager) pairs for the recent-engagers set. */
    final List<String> recentEngagers = new ArrayList<>();
    /** Events received, whose ids are stored for de-duplication. */
    final List<ModelEvent> events = new ArrayList<>();
    /** Histogram bucket of the new raw score; "" for an account without a score. */
    String newBucket = "";

    AccountWrite(String member, String expectedVersion) {
      this.member = member;
      this.expectedVersion = expectedVersion;
    }
  }

  /** Runs every write's compare-and-set; element i tells whether write i was stored. */
  boolean[] write(List<AccountWrite> writes) {
    return write(writes, true);
  }

  /**
   * The same; with {@code bumpVersion} false (the decay sweep, which rewrites only what is
   * evaluated from an unchanged state) a batch that read the accounts before stays valid.
   */
  boolean[] write(List<AccountWrite> writes, boolean bumpVersion) {
    List<CompletableFuture<List<Object>>> futures = new ArrayList<>(writes.size());
    for (AccountWrite w : writes) {
      String m = w.member;
      Map<Long, Integer> bucketIndex = new LinkedHashMap<>();
      for (ModelEvent e : w.events) {
        bucketIndex.putIfAbsent(RedisKeys.eventBucket(e.timeMs()), bucketIndex.size() + 1);
      }
      String[] keys = new String[7 + bucketIndex.size()];
      keys[0] = RedisKeys.account(m);
      keys[1] = RedisKeys.pairs(m);
      keys[2] = RedisKeys.topics(m);
      keys[3] = RedisKeys.topicRaws(m);
      keys[4] = RedisKeys.history(m);
      keys[5] = RedisKeys.recentEngagers(m);
      keys[6] = RedisKeys.CALIBRATION_HISTOGRAM;
      bucketIndex.forEach((b, i) -> keys[6 + i] = RedisKeys.events(m, b));
      List<String> args = new ArrayList<>(11 + w.accountFields.size() + w.pairFields.size()
          + w.topicFields.size() + w.topicRawFields.size() + w.historyFields.size()
          + w.recentEngagers.size() + 2 * w.events.size());
      args.add(w.expectedVersion);
      args.add(Long.toString(dedupTtlSeconds));
      args.add(Integer.toString(w.accountFields.size() / 2));
      args.add(Integer.toString(w.pairFields.size() / 2));
      args.add(Integer.toString(w.topicFields.size() / 2));
      args.add(Integer.toString(w.topicRawFields.size() / 2));
      args.add(Integer.toString(w.historyFields.size() / 2));
      args.add(Integer.toString(w.recentEngagers.size() / 2));
      args.add(Integer.toString(w.events.size()));
      args.add(bumpVersion ? "1" : "0");
      args.add(w.newBucket);
      args.addAll(w.accountFields);
      args.addAll(w.pairFields);
      args.addAll(w.topicFields);
      args.addAll(w.topicRawFields);
      args.addAll(w.historyFields);
      args.addAll(w.recentEngagers);
      for (ModelEvent e : w.events) {
        args.add(Integer.toString(bucketIndex.get(RedisKeys.eventBucket(e.timeMs()))));
        args.add(e.eventId());
      }
      futures.add(applyScript.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
          args.toArray(String[]::new)).toCompletableFuture());
    }
    await(futures);
    boolean[] stored = new boolean[writes.size()];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = (Long) futures.get(i).join().get(0) >= 0;
    }
    return stored;
  }

  /** One account's place on the leaderboards: its raw score and its topics' raw scores. */
  record Ranked(String member, double raw, Map<String, Double> topicRaws) {}

  /**
   * Leaderboards, the topic index and the score clock, once the accounts are stored. Written for
   * every account given, also when nothing of it changed, so that a retried batch repairs an
   * interrupted one.
   *
   * @param topicCounts interactions counted per topic
   * @param clockMs the latest event time stored (the score clock only moves forward); a
   *     negative value leaves it alone
   */
  void afterWrite(List<Ranked> ranked, Map<String, Integer> topicCounts, long clockMs) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    // One ZADD per leaderboard key with every member of the batch.
    Map<String, List<ScoredValue<String>>> boards = new LinkedHashMap<>();
    for (Ranked r : ranked) {
      boards.computeIfAbsent(RedisKeys.LEADERBOARD_ALL, k -> new ArrayList<>()).add(ScoredValue.just(r.raw(), r.member()));
      boards.computeIfAbsent(RedisKeys.networkLeaderboard(RedisKeys.networkOf(r.member())), k -> new ArrayList<>())
          .add(ScoredValue.just(r.raw(), r.member()));
      r.topicRaws().forEach((topic, raw) -> boards.computeIfAbsent(RedisKeys.topicLeaderboard(topic),
          k -> new ArrayList<>()).add(ScoredValue.just(raw, r.member())));
    }
    for (Map.Entry<String, List<ScoredValue<String>>> b : boards.entrySet()) {
      List<ScoredValue<String>> members = b.getValue();
      for (int i = 0; i < members.size(); i += 500) {
        @SuppressWarnings("unchecked")
        ScoredValue<String>[] chunk = members.subList(i, Math.min(members.size(), i + 500)).toArray(ScoredValue[]::new);
        all.add(redis.zadd(b.getKey(), chunk).toCompletableFuture());
      }
    }
    topicCounts.forEach((t, n) -> all.add(redis.zincrby(RedisKeys.TOPICS, n, t).toCompletableFuture()));
    if (clockMs >= 0) {
      all.add(clockScript.run(redis, ScriptOutputType.INTEGER, new String[] {RedisKeys.SCORE_CLOCK},
          Long.toString(clockMs)).toCompletableFuture());
    }
    await(all);
  }

  /** The score clock: the latest event time stored, ms; -1 when none. */
  long scoreClockMs() {
    String v = join(redis.get(RedisKeys.SCORE_CLOCK).toCompletableFuture());
    return v == null ? -1 : Long.parseLong(v);
  }

  RedisAsyncCommands<String, String> redis() {
    return redis;
  }

  <T> T join(CompletableFuture<T> f) {
    await(List.of(f));
    return f.join();
  }

  void await(List<? extends CompletableFuture<?>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for Redis", e);
    } catch (ExecutionException e) {
      throw new StoreException("Redis command failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException("Redis did not answer within " + timeoutMs + " ms", e);
    }
  }

  /** Redis failed or timed out; the batch was not (fully) stored and may be retried. */
  public static final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
