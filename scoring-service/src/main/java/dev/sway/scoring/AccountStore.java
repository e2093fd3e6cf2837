package dev.sway.scoring;

import dev.sway.common.Failure;
import dev.sway.model.ModelEvent;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scoring service's Redis adapter. A batch costs three pipelined rounds:
 *
 * <ol>
 *   <li>{@link #read} ({@link RecordReads}): each touched account's record, or for a cached one a
 *       9-byte confirmation that it is current, and the targets' event ids against their
 *       de-duplication sets;
 *   <li>{@link #write} ({@link RecordWrites}): {@code apply-accounts.lua} calls of many accounts —
 *       per account a compare-and-set on the record's version that stores the record, its new
 *       history points, its event ids and its histogram move at once;
 *   <li>{@link #afterWrite}: one {@code ZADD} per leaderboard with every member of the batch (per
 *       network and per topic once {@code admit-boards.lua} said the name may have one: at most
 *       {@link BoardLimits} of them exist), the topic counts and the score clock.
 * </ol>
 *
 * <p>On a Redis Cluster a script call may only name keys of one slot: the read and write calls then
 * carry one slot's accounts each, and the histogram moves go through the slots' {@link
 * CalibrationJournal}s (one more round).
 *
 * <p>Blocks the calling thread on Redis, at most {@code timeoutMs} per round.
 */
public final class AccountStore implements StateStore {
  private final RedisClusterAsyncCommands<String, String> redis;
  private final RedisClusterAsyncCommands<String, byte[]> binary;
  private final Scripts clockScript;
  private final BoardWrites boardWrites;
  private final RecordCache cache;
  private final RecordReads recordReads;
  private final RecordWrites recordWrites;
  private final long timeoutMs;
  private final MoversIndex movers;
  private final PersonBoard persons;
  private final RedisConnector connector;
  private final CalibrationJournal journal;
  private final Leaderboards boards;

  /**
   * @param cacheAccounts records kept in this process (0 reads every account from Redis on every
   *     batch)
   */
  public AccountStore(
      RedisConnector connector, long dedupTtlSeconds, long timeoutMs, int cacheAccounts) {
    this(connector, dedupTtlSeconds, timeoutMs, cacheAccounts, BoardLimits.DEFAULT);
  }

  /**
   * How many networks and topics may have a leaderboard. Names arrive with events, so without a
   * bound a client inventing names creates keys (and topic-list entries) without end; beyond it an
   * account is still scored on the network or topic, just not ranked there.
   */
  public record BoardLimits(int networks, int topics) {
    public static final BoardLimits DEFAULT = new BoardLimits(64, 10_000);

    public BoardLimits {
      if (networks < 1 || topics < 1) {
        throw new IllegalArgumentException("leaderboard limits must be at least 1");
      }
    }
  }

  public AccountStore(
      RedisConnector connector,
      long dedupTtlSeconds,
      long timeoutMs,
      int cacheAccounts,
      BoardLimits boardLimits) {
    this.connector = connector;
    this.redis = connector.async();
    this.binary = connector.binary();
    this.clockScript = Scripts.load(redis, "advance-clock.lua");
    this.cache = new RecordCache(cacheAccounts);
    this.timeoutMs = timeoutMs;
    this.movers = new MoversIndex(connector, System::nanoTime);
    this.boards = Leaderboards.of(connector);
    this.boardWrites = new BoardWrites(redis, boards, boardLimits);
    this.persons = new PersonBoard(redis, boards, timeoutMs);
    this.journal = new CalibrationJournal(connector, this::await);
    this.recordReads = new RecordReads(connector, cache, this::await);
    this.recordWrites =
        new RecordWrites(
            connector, cache, journal, dedupTtlSeconds, () -> foldAfterWrite, this::await);
  }

  /**
   * The model version of the scores this store writes (its decay half-life is how the movers index
   * reads the days between history points).
   */
  public AccountStore modelVersion(String version) {
    movers.modelVersion(version);
    return this;
  }

  private volatile int waitReplicas;

  /**
   * Replicas a batch's writes must reach before {@link #afterWrite} returns (and the batch is
   * acknowledged); 0 does not wait.
   */
  public AccountStore waitForReplicas(int replicas) {
    this.waitReplicas = replicas;
    return this;
  }

  /** The persons' leaderboard, for linking, unlinking and erasure. */
  PersonBoard persons() {
    return persons;
  }

  /**
   * Reads the records of {@code members} (fresh objects: the caller may change them) and checks the
   * ids of the events each target receives against the ids it already stored.
   */
  @Override
  public Reads read(Collection<String> members, Map<String, List<ModelEvent>> receivedByTarget) {
    return recordReads.read(members, receivedByTarget);
  }

  /**
   * Runs every write's compare-and-set; element i tells whether write i was stored ({@link
   * RecordWrites}).
   */
  @Override
  public boolean[] write(List<AccountWrite> writes) {
    return recordWrites.write(writes);
  }

  /** False only in tests: a writer that dies between its account writes and their fold. */
  volatile boolean foldAfterWrite = true;

  /**
   * Leaderboards, the topic index and the score clock, once the accounts are stored. Written for
   * every account given, also when nothing of it changed, so that a retried batch repairs an
   * interrupted one.
   *
   * @param topicCounts interactions counted per topic
   * @param clockMs the latest event time stored (the score clock only moves forward); a negative
   *     value leaves it alone
   */
  @Override
  public void afterWrite(List<Ranked> ranked, Map<String, Integer> topicCounts, long clockMs) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    BoardWrites.Pending entries = boardWrites.start(ranked, topicCounts, all);
    if (clockMs >= 0) {
      all.add(
          clockScript
              .run(
                  redis,
                  ScriptOutputType.INTEGER,
                  new String[] {RedisKeys.SCORE_CLOCK},
                  Long.toString(clockMs))
              .toCompletableFuture());
    }
    all.add(movers.update(ranked));
    await(all);
    List<CompletableFuture<?>> boards = new ArrayList<>();
    boardWrites.finish(entries, boards);
    await(boards);
    Set<String> linked = new TreeSet<>();
    for (Ranked r : ranked) {
      if (r.personId() != null) {
        linked.add(r.personId());
      }
    }
    persons.update(linked);
    // Last: a watcher told of a change reads the records, boards and movers already stored.
    publishChanges(ranked.stream().map(Ranked::member).toList(), linked);
    if (waitReplicas > 0) {
      long reached = join(connector.waitForReplicas(waitReplicas));
      if (reached < waitReplicas) {
        // Not acknowledged: the caller retries the batch, which its event ids make safe.
        throw new Failure.StoreUnavailable(
            "the batch reached "
                + reached
                + " replica(s) of the "
                + waitReplicas
                + " --redis-wait-replicas asks for",
            null);
      }
    }
  }

  /**
   * Appends the accounts and persons whose state changed to the change feed ({@link
   * RedisKeys#CHANGES}), in chunks, and waits for it; the query service pushes them to its
   * watchers.
   */
  public void publishChanges(List<String> members, Collection<String> persons) {
    if (members.isEmpty() && persons.isEmpty()) {
      return;
    }
    List<CompletableFuture<?>> all = new ArrayList<>();
    long nowMs = System.currentTimeMillis();
    String now = Long.toString(nowMs);
    // Stream ids start with the Redis server's time in ms: drop what is older than a minute.
    XAddArgs args =
        XAddArgs.Builder.minId(Long.toString(nowMs - RedisKeys.CHANGES_KEPT_MS))
            .approximateTrimming();
    for (int i = 0; i < Math.max(1, members.size()); i += CHANGES_CHUNK) {
      Map<String, String> body = new LinkedHashMap<>();
      body.put(
          "m", String.join("\n", members.subList(i, Math.min(members.size(), i + CHANGES_CHUNK))));
      if (i == 0 && !persons.isEmpty()) {
        body.put("p", String.join("\n", persons));
      }
      body.put("t", now);
      all.add(redis.xadd(RedisKeys.CHANGES, args, body).toCompletableFuture());
    }
    await(all);
  }

  /**
   * Tells the query services' watchers to read their state again (field {@code r}): what an erasure
   * announces, since the erased names must not enter the feed.
   */
  public void publishResync() {
    String now = Long.toString(System.currentTimeMillis());
    await(List.of(redis.xadd(RedisKeys.CHANGES, Map.of("r", "1", "t", now)).toCompletableFuture()));
  }

  /** Members per change-feed entry. */
  private static final int CHANGES_CHUNK = 1000;

  /** Hashes per SMISMEMBER. */
  private static final int HASHES_PER_LOOKUP = 2000;

  /** One pipelined round of {@code SMISMEMBER} on the suppressed (and registered) sets. */
  @Override
  public Standing standing(Collection<Long> hashes, boolean registrations) {
    List<String> all = hashes.stream().map(String::valueOf).toList();
    List<CompletableFuture<List<Boolean>>> suppressed = new ArrayList<>();
    List<CompletableFuture<List<Boolean>>> registered = new ArrayList<>();
    for (int i = 0; i < all.size(); i += HASHES_PER_LOOKUP) {
      String[] chunk =
          all.subList(i, Math.min(all.size(), i + HASHES_PER_LOOKUP)).toArray(String[]::new);
      suppressed.add(redis.smismember(RedisKeys.SUPPRESSED, chunk).toCompletableFuture());
      if (registrations) {
        registered.add(redis.smismember(RedisKeys.REGISTERED, chunk).toCompletableFuture());
      }
    }
    List<CompletableFuture<?>> waits = new ArrayList<>(suppressed);
    waits.addAll(registered);
    await(waits);
    return new Standing(members(all, suppressed), members(all, registered));
  }

  private static Set<Long> members(
      List<String> all, List<CompletableFuture<List<Boolean>>> replies) {
    Set<Long> out = new HashSet<>();
    for (int c = 0; c < replies.size(); c++) {
      List<Boolean> r = replies.get(c).join();
      for (int j = 0; j < r.size(); j++) {
        if (Boolean.TRUE.equals(r.get(j))) {
          out.add(Long.parseLong(all.get(c * HASHES_PER_LOOKUP + j)));
        }
      }
    }
    return out;
  }

  /** Where this Redis keeps leaderboard entries. */
  Leaderboards boards() {
    return boards;
  }

  /** The score clock: the latest event time stored, ms; -1 when none. */
  long scoreClockMs() {
    String v = join(redis.get(RedisKeys.SCORE_CLOCK).toCompletableFuture());
    return v == null ? -1 : Long.parseLong(v);
  }

  private final Object writeOrder = new Object();

  /**
   * The lock of this process's writers (batches, the decay sweep): held from a record write to the
   * leaderboard entries that follow it, so entries land in the order the records did.
   */
  @Override
  public Map<String, byte[]> histories(Collection<String> members) {
    Map<String, CompletableFuture<byte[]>> reads = new LinkedHashMap<>();
    for (String m : members) {
      reads.put(m, binary.get(RedisKeys.history(m)).toCompletableFuture());
    }
    await(new ArrayList<>(reads.values()));
    Map<String, byte[]> out = new HashMap<>();
    reads.forEach((m, f) -> out.put(m, f.join()));
    return out;
  }

  @Override
  public Object writeOrder() {
    return writeOrder;
  }

  /** Forgets what this process cached about {@code member} (after an administrative write). */
  void invalidate(String member) {
    cache.invalidate(member);
  }

  /** Forgets every cached record. */
  void invalidateAll() {
    cache.clear();
  }

  int cachedAccounts() {
    return cache.size();
  }

  /** The calibration journals (Redis Cluster only). */
  CalibrationJournal journal() {
    return journal;
  }

  /** The connections this store uses. */
  RedisConnector connector() {
    return connector;
  }

  RedisClusterAsyncCommands<String, String> redis() {
    return redis;
  }

  RedisClusterAsyncCommands<String, byte[]> binary() {
    return binary;
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
      throw new Failure.StoreUnavailable("interrupted while waiting for Redis", e);
    } catch (ExecutionException e) {
      throw new Failure.StoreUnavailable(
          "Redis command failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new Failure.StoreUnavailable("Redis did not answer within " + timeoutMs + " ms", e);
    }
  }
}
