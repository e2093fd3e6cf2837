package dev.sway.scoring;

import dev.sway.model.EngagementView;
import dev.sway.model.ModelEvent;
import dev.sway.store.AccountFields;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scoring service's Redis adapter: one pipelined read of everything a batch needs, one
 * pipelined round of compare-and-set scripts, then the leaderboards and actor counters.
 */
public final class AccountStore {
  private final RedisAsyncCommands<String, String> redis;
  private final Scripts applyScript;
  private final Scripts givenScript;
  private final long dedupTtlSeconds;
  private final long timeoutMs;

  public AccountStore(RedisConnector connector, long dedupTtlSeconds, long timeoutMs) {
    this.redis = connector.async();
    this.applyScript = Scripts.load(redis, "apply-account.lua");
    this.givenScript = Scripts.load(redis, "record-given.lua");
    this.dedupTtlSeconds = dedupTtlSeconds;
    this.timeoutMs = timeoutMs;
  }

  /** What is known of an engager: its raw score (null when never scored) and reactions given. */
  record EngagerInfo(Double raw, long givenDay, long givenCount) {
    static final EngagerInfo UNKNOWN = new EngagerInfo(null, -1, 0);
  }

  /** Everything a batch reads before computing. */
  static final class ReadResult {
    // Filled by callbacks that run on Lettuce's event loop or, for replies that arrived first,
    // on the calling thread: hence concurrent maps.
    final Map<String, Map<String, String>> accounts = new ConcurrentHashMap<>();
    final Map<String, Map<String, Double>> pairs = new ConcurrentHashMap<>();
    final Map<String, Map<String, Double>> topics = new ConcurrentHashMap<>();
    final Map<String, EngagerInfo> engagers = new ConcurrentHashMap<>();
    final Map<String, Double> reverse = new ConcurrentHashMap<>();

    Map<String, String> account(String member) {
      return accounts.getOrDefault(member, Map.of());
    }

    Map<String, Double> pairMasses(String member) {
      return pairs.getOrDefault(member, Map.of());
    }

    Map<String, Double> topicMasses(String member) {
      return topics.getOrDefault(member, Map.of());
    }

    EngagerInfo engager(String member) {
      return engagers.getOrDefault(member, EngagerInfo.UNKNOWN);
    }

    double reverseMass(String engager, String target) {
      return reverse.getOrDefault(engager + "\u0000" + target, 0.0);
    }

    /** The engagement context of the batch, as read. */
    EngagementView view() {
      return new EngagementView() {
        @Override
        public double pairScaled(String from, String to) {
          Double v = pairMasses(to).get(from);
          return v != null ? v : reverseMass(to, from);
        }

        @Override
        public Double engagerRaw(String engager) {
          return engager(engager).raw();
        }

        @Override
        public long givenBefore(String engager, long epochDay) {
          EngagerInfo info = engager(engager);
          return info.givenDay() == epochDay ? info.givenCount() : 0;
        }
      };
    }
  }

  ReadResult read(List<BatchScorer.TargetWork> targets) {
    ReadResult r = new ReadResult();
    List<CompletableFuture<?>> all = new ArrayList<>();
    Set<String> engagers = new LinkedHashSet<>();
    for (BatchScorer.TargetWork w : targets) {
      String m = w.member;
      all.add(redis.hgetall(RedisKeys.account(m)).toCompletableFuture()
          .thenAccept(h -> r.accounts.put(m, h)));
      Set<String> actors = new LinkedHashSet<>();
      Set<String> topics = new LinkedHashSet<>();
      for (ModelEvent e : w.events) {
        actors.add(e.actor());
        topics.addAll(e.topics());
      }
      engagers.addAll(actors);
      if (!actors.isEmpty()) {
        String[] fields = actors.toArray(String[]::new);
        all.add(redis.hmget(RedisKeys.pairs(m), fields).toCompletableFuture()
            .thenAccept(kvs -> r.pairs.put(m, toDoubles(kvs))));
        for (String a : actors) {
          all.add(redis.hget(RedisKeys.pairs(a), m).toCompletableFuture()
              .thenAccept(v -> {
                if (v != null) {
                  r.reverse.put(a + "\u0000" + m, Double.parseDouble(v));
                }
              }));
        }
      }
      if (!topics.isEmpty()) {
        all.add(redis.hmget(RedisKeys.topics(m), topics.toArray(String[]::new))
            .toCompletableFuture().thenAccept(kvs -> r.topics.put(m, toDoubles(kvs))));
      }
    }
    for (String e : engagers) {
      all.add(redis.hmget(RedisKeys.account(e), AccountFields.RAW, AccountFields.GIVEN_DAY,
              AccountFields.GIVEN_COUNT).toCompletableFuture()
          .thenAccept(kvs -> {
            String raw = kvs.get(0).getValueOrElse(null);
            String day = kvs.get(1).getValueOrElse(null);
            String count = kvs.get(2).getValueOrElse(null);
            EngagerInfo info = new EngagerInfo(raw == null ? null : Double.parseDouble(raw),
                day == null ? -1 : Long.parseLong(day), count == null ? 0 : Long.parseLong(count));
            r.engagers.put(e, info);
          }));
    }
    await(all);
    return r;
  }

  private static Map<String, Double> toDoubles(List<KeyValue<String, String>> kvs) {
    Map<String, Double> out = new HashMap<>();
    for (KeyValue<String, String> kv : kvs) {
      if (kv.hasValue()) {
        out.put(kv.getKey(), Double.parseDouble(kv.getValue()));
      }
    }
    return out;
  }

  /** Result of one account's compare-and-set. */
  record WriteOutcome(boolean stored, List<Integer> duplicateIndexes) {}

  List<WriteOutcome> write(List<BatchScorer.TargetWrite> writes) {
    List<CompletableFuture<List<Object>>> futures = new ArrayList<>(writes.size());
    for (BatchScorer.TargetWrite w : writes) {
      String m = w.work.member;
      String[] keys = new String[6 + w.events.size()];
      keys[0] = RedisKeys.account(m);
      keys[1] = RedisKeys.pairs(m);
      keys[2] = RedisKeys.topics(m);
      keys[3] = RedisKeys.topicRaws(m);
      keys[4] = RedisKeys.history(m);
      keys[5] = RedisKeys.recentEngagers(m);
      for (int i = 0; i < w.events.size(); i++) {
        keys[6 + i] = RedisKeys.event(m, w.events.get(i).eventId());
      }
      List<String> args = new ArrayList<>(8 + w.accountFields.size() + w.pairFields.size()
          + w.topicFields.size() + w.topicRawFields.size());
      args.add(w.expectedVersion);
      args.add(Long.toString(dedupTtlSeconds));
      args.add(Integer.toString(w.accountFields.size() / 2));
      args.add(Integer.toString(w.pairFields.size() / 2));
      args.add(Integer.toString(w.topicFields.size() / 2));
      args.add(Integer.toString(w.topicRawFields.size() / 2));
      args.add(w.historyField);
      args.add(w.historyValue);
      args.add(Integer.toString(w.recentEngagers.size() / 2));
      args.addAll(w.accountFields);
      args.addAll(w.pairFields);
      args.addAll(w.topicFields);
      args.addAll(w.topicRawFields);
      args.addAll(w.recentEngagers);
      futures.add(applyScript.<List<Object>>run(redis, ScriptOutputType.MULTI, keys,
          args.toArray(String[]::new)).toCompletableFuture());
    }
    await(futures);
    List<WriteOutcome> out = new ArrayList<>(writes.size());
    for (CompletableFuture<List<Object>> f : futures) {
      List<Object> reply = f.join();
      long code = (Long) reply.get(0);
      if (code > 0) {
        out.add(new WriteOutcome(true, List.of()));
      } else if (code == -1) {
        out.add(new WriteOutcome(false, List.of()));
      } else {
        List<Integer> dups = new ArrayList<>();
        for (int i = 1; i < reply.size(); i++) {
          dups.add(((Long) reply.get(i)).intValue());
        }
        out.add(new WriteOutcome(false, dups));
      }
    }
    return out;
  }

  /**
   * Leaderboards, the topic index and the actors' given counters, once the accounts are
   * stored. Leaderboard entries are written for every account of the batch, also when all its
   * events were duplicates, so that a retried batch repairs an interrupted one.
   */
  void afterWrite(
      Collection<BatchScorer.TargetWrite> written, Map<String, Double> storedRaw,
      Collection<String> allTargets) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    Map<String, Double> raws = new HashMap<>(storedRaw);
    for (BatchScorer.TargetWrite w : written) {
      raws.put(w.work.member, w.raw);
    }
    for (String m : allTargets) {
      Double raw = raws.get(m);
      if (raw == null) {
        continue;
      }
      all.add(redis.zadd(RedisKeys.LEADERBOARD_ALL, raw, m).toCompletableFuture());
      all.add(redis.zadd(RedisKeys.networkLeaderboard(RedisKeys.networkOf(m)), raw, m)
          .toCompletableFuture());
    }
    for (BatchScorer.TargetWrite w : written) {
      String m = w.work.member;
      for (Map.Entry<String, Double> t : w.topicRaws.entrySet()) {
        all.add(redis.zadd(RedisKeys.topicLeaderboard(t.getKey()), t.getValue(), m)
            .toCompletableFuture());
      }
      for (Map.Entry<String, Integer> t : w.topicCounts.entrySet()) {
        all.add(redis.zincrby(RedisKeys.TOPICS, t.getValue(), t.getKey()).toCompletableFuture());
      }
      for (String actor : w.given.keySet()) {
        all.add(redis.sadd(RedisKeys.engaged(actor), m).toCompletableFuture());
      }
      for (Map.Entry<String, Map<Long, double[]>> g : w.given.entrySet()) {
        for (Map.Entry<Long, double[]> d : g.getValue().entrySet()) {
          all.add(givenScript.run(redis, ScriptOutputType.INTEGER,
              new String[] {RedisKeys.account(g.getKey())},
              Long.toString(d.getKey()), Long.toString((long) d.getValue()[0]),
              Double.toString(d.getValue()[1])).toCompletableFuture());
        }
      }
    }
    await(all);
  }

  private void await(List<? extends CompletableFuture<?>> futures) {
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
