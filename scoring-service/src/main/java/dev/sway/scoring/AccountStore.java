package dev.sway.scoring;

import dev.sway.model.EngagementView;
import dev.sway.model.ModelEvent;
import dev.sway.store.AccountFields;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private final Scripts readTargetScript;
  private final Scripts readActorScript;
  private final Scripts writeActorScript;
  private final long dedupTtlSeconds;
  private final long timeoutMs;

  public AccountStore(RedisConnector connector, long dedupTtlSeconds, long timeoutMs) {
    this.redis = connector.async();
    this.applyScript = Scripts.load(redis, "apply-account.lua");
    this.readTargetScript = Scripts.load(redis, "read-target.lua");
    this.readActorScript = Scripts.load(redis, "read-actor.lua");
    this.writeActorScript = Scripts.load(redis, "write-actor.lua");
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

  /**
   * Reads what a batch needs in one pipelined round: one script per target (its record, the
   * pair masses of its engagers, its topic masses) and one per engager (its score, reactions
   * given that day, and how much each target engaged it back). Replies are parsed here, on the
   * calling thread, so Redis's I/O thread only moves bytes.
   */
  ReadResult read(List<BatchScorer.TargetWork> targets) {
    List<String> targetOrder = new ArrayList<>(targets.size());
    List<List<String>> targetActors = new ArrayList<>(targets.size());
    List<List<String>> targetTopics = new ArrayList<>(targets.size());
    List<CompletableFuture<List<Object>>> targetReplies = new ArrayList<>(targets.size());
    Map<String, Set<String>> targetsByActor = new LinkedHashMap<>();
    for (BatchScorer.TargetWork w : targets) {
      Set<String> actors = new LinkedHashSet<>();
      Set<String> topics = new LinkedHashSet<>();
      for (ModelEvent e : w.events) {
        actors.add(e.actor());
        topics.addAll(e.topics());
        targetsByActor.computeIfAbsent(e.actor(), k -> new LinkedHashSet<>()).add(w.member);
      }
      List<String> args = new ArrayList<>(1 + actors.size() + topics.size());
      args.add(Integer.toString(actors.size()));
      args.addAll(actors);
      args.addAll(topics);
      targetOrder.add(w.member);
      targetActors.add(List.copyOf(actors));
      targetTopics.add(List.copyOf(topics));
      targetReplies.add(readTargetScript.<List<Object>>run(redis, ScriptOutputType.MULTI,
          new String[] {RedisKeys.account(w.member), RedisKeys.pairs(w.member), RedisKeys.topics(w.member)},
          args.toArray(String[]::new)).toCompletableFuture());
    }
    List<String> actorOrder = new ArrayList<>(targetsByActor.keySet());
    List<CompletableFuture<List<Object>>> actorReplies = new ArrayList<>(actorOrder.size());
    for (String a : actorOrder) {
      actorReplies.add(readActorScript.<List<Object>>run(redis, ScriptOutputType.MULTI,
          new String[] {RedisKeys.account(a), RedisKeys.pairs(a)},
          targetsByActor.get(a).toArray(String[]::new)).toCompletableFuture());
    }
    List<CompletableFuture<?>> all = new ArrayList<>(targetReplies);
    all.addAll(actorReplies);
    await(all);

    ReadResult r = new ReadResult();
    for (int i = 0; i < targetOrder.size(); i++) {
      String m = targetOrder.get(i);
      List<Object> reply = targetReplies.get(i).join();
      List<?> flat = (List<?>) reply.get(0);
      Map<String, String> hash = new HashMap<>(flat.size());
      for (int j = 0; j + 1 < flat.size(); j += 2) {
        hash.put((String) flat.get(j), (String) flat.get(j + 1));
      }
      r.accounts.put(m, hash);
      r.pairs.put(m, zip(targetActors.get(i), (List<?>) reply.get(1)));
      r.topics.put(m, zip(targetTopics.get(i), (List<?>) reply.get(2)));
    }
    for (int i = 0; i < actorOrder.size(); i++) {
      String a = actorOrder.get(i);
      List<Object> reply = actorReplies.get(i).join();
      List<?> info = (List<?>) reply.get(0);
      String raw = (String) info.get(0);
      String day = (String) info.get(1);
      String count = (String) info.get(2);
      r.engagers.put(a, new EngagerInfo(raw == null ? null : Double.parseDouble(raw),
          day == null ? -1 : Long.parseLong(day), count == null ? 0 : Long.parseLong(count)));
      List<?> back = (List<?>) reply.get(1);
      int j = 0;
      for (String t : targetsByActor.get(a)) {
        Object v = back.get(j++);
        if (v != null) {
          r.reverse.put(a + "\u0000" + t, Double.parseDouble((String) v));
        }
      }
    }
    return r;
  }

  private static Map<String, Double> zip(List<String> names, List<?> values) {
    Map<String, Double> out = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Object v = values.get(i);
      if (v != null) {
        out.put(names.get(i), Double.parseDouble((String) v));
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
      Map<Long, Integer> bucketIndex = new LinkedHashMap<>();
      for (ModelEvent e : w.events) {
        bucketIndex.putIfAbsent(RedisKeys.eventBucket(e.timeMs()), bucketIndex.size() + 1);
      }
      String[] keys = new String[6 + bucketIndex.size()];
      keys[0] = RedisKeys.account(m);
      keys[1] = RedisKeys.pairs(m);
      keys[2] = RedisKeys.topics(m);
      keys[3] = RedisKeys.topicRaws(m);
      keys[4] = RedisKeys.history(m);
      keys[5] = RedisKeys.recentEngagers(m);
      for (Map.Entry<Long, Integer> b : bucketIndex.entrySet()) {
        keys[5 + b.getValue()] = RedisKeys.events(m, b.getKey());
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
      args.add(Integer.toString(w.events.size()));
      args.addAll(w.accountFields);
      args.addAll(w.pairFields);
      args.addAll(w.topicFields);
      args.addAll(w.topicRawFields);
      args.addAll(w.recentEngagers);
      for (ModelEvent e : w.events) {
        args.add(Integer.toString(bucketIndex.get(RedisKeys.eventBucket(e.timeMs()))));
        args.add(e.eventId());
      }
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
    // One ZADD per leaderboard key with every member of the batch.
    Map<String, List<ScoredValue<String>>> boards = new LinkedHashMap<>();
    for (String m : allTargets) {
      Double raw = raws.get(m);
      if (raw != null) {
        boards.computeIfAbsent(RedisKeys.LEADERBOARD_ALL, k -> new ArrayList<>()).add(ScoredValue.just(raw, m));
        boards.computeIfAbsent(RedisKeys.networkLeaderboard(RedisKeys.networkOf(m)), k -> new ArrayList<>())
            .add(ScoredValue.just(raw, m));
      }
    }
    Map<String, Integer> topicCounts = new HashMap<>();
    Map<String, Map<Long, double[]>> givenByActor = new LinkedHashMap<>();
    for (BatchScorer.TargetWrite w : written) {
      String m = w.work.member;
      for (Map.Entry<String, Double> t : w.topicRaws.entrySet()) {
        boards.computeIfAbsent(RedisKeys.topicLeaderboard(t.getKey()), k -> new ArrayList<>())
            .add(ScoredValue.just(t.getValue(), m));
      }
      w.topicCounts.forEach((t, n) -> topicCounts.merge(t, n, Integer::sum));
      for (Map.Entry<String, Map<Long, double[]>> g : w.given.entrySet()) {
        Map<Long, double[]> days = givenByActor.computeIfAbsent(g.getKey(), k -> new java.util.TreeMap<>());
        g.getValue().forEach((day, v) -> {
          double[] sum = days.computeIfAbsent(day, k -> new double[2]);
          sum[0] += v[0];
          sum[1] += v[1];
        });
      }
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
    for (Map.Entry<String, Map<Long, double[]>> g : givenByActor.entrySet()) {
      String actor = g.getKey();
      List<String> args = new ArrayList<>();
      args.add(Integer.toString(g.getValue().size()));
      g.getValue().forEach((day, v) -> {
        args.add(Long.toString(day));
        args.add(Long.toString((long) v[0]));
        args.add(Double.toString(v[1]));
      });
      all.add(writeActorScript.run(redis, ScriptOutputType.INTEGER,
          new String[] {RedisKeys.account(actor)}, args.toArray(String[]::new))
          .toCompletableFuture());
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
