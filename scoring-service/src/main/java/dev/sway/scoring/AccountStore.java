package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.EventIds;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 *   <li>{@link #read}: {@code read-records.lua} calls that return the record of each touched
 *       account — or, for one in the {@link RecordCache}, only confirm that the cached copy is the
 *       stored one (9 bytes compared in Redis) — and {@code check-events.lua} calls that look the
 *       ids of the events each target receives up in its de-duplication sets (one {@code
 *       SMISMEMBER} per set);
 *   <li>{@link #write}: {@code apply-accounts.lua} calls of up to {@link #ACCOUNTS_PER_CALL}
 *       accounts — per account a compare-and-set on the record's version that stores the record,
 *       its new history points, its event ids and its histogram move at once;
 *   <li>{@link #afterWrite}: one {@code ZADD} (global) or {@code add-to-board.lua} call (per
 *       network, per topic: at most {@link BoardLimits} of them exist) per leaderboard with every
 *       member of the batch, the topic counts and the score clock.
 * </ol>
 *
 * Blocks the calling thread on Redis, at most {@code timeoutMs} per round.
 */
public final class AccountStore implements StateStore {
  private static final byte[] NONE = new byte[0];
  private static final byte[] OVERWRITE = {'o'};
  private static final byte[] APPEND = {'a'};
  private static final byte[] UNKNOWN = {'?'};

  /**
   * Accounts per write script call. Most of a script's cost in Redis is per call, so many accounts
   * share one; 64 keeps one call under a millisecond of Redis time.
   */
  static final int ACCOUNTS_PER_CALL = 64;

  /** De-duplication sets checked per check-events.lua call. */
  static final int CHECKS_PER_CALL = 128;

  /** Records per read-records.lua call. */
  static final int KEYS_PER_READ = 128;

  private final RedisClusterAsyncCommands<String, String> redis;
  private final RedisClusterAsyncCommands<String, byte[]> binary;
  private final Scripts applyScript;
  private final Scripts clockScript;
  private final Scripts checkScript;
  private final Scripts readScript;
  private final Scripts boardScript;
  private final BoardLimits boardLimits;
  private final RecordCache cache;
  private final byte[] dedupTtlSeconds;
  private final long timeoutMs;
  private final MoversIndex movers;
  private final PersonBoard persons;
  private final RedisConnector connector;

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
    this.boardLimits = boardLimits;
    this.boardScript = Scripts.load(connector.async(), "add-to-board.lua");
    this.redis = connector.async();
    this.binary = connector.binary();
    this.applyScript = Scripts.load(binary, "apply-accounts.lua");
    this.clockScript = Scripts.load(redis, "advance-clock.lua");
    this.checkScript = Scripts.load(binary, "check-events.lua");
    this.readScript = Scripts.load(binary, "read-records.lua");
    this.cache = new RecordCache(cacheAccounts);
    this.dedupTtlSeconds = ascii(Long.toString(dedupTtlSeconds));
    this.timeoutMs = timeoutMs;
    this.movers = new MoversIndex(connector, System::nanoTime);
    this.persons = new PersonBoard(redis, timeoutMs);
  }

  /**
   * The model version of the scores this store writes (its decay half-life is how the movers index
   * reads the days between history points).
   */
  public AccountStore modelVersion(String version) {
    movers.modelVersion(version);
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
    // Every record comes from Redis or is confirmed current there: a cached copy is sent back
    // only as its 9-byte header, and Redis answers with the record only where it moved.
    List<String> order = new ArrayList<>(members);
    List<byte[]> cached = new ArrayList<>(order.size());
    List<CompletableFuture<?>> all = new ArrayList<>();
    List<CompletableFuture<List<Object>>> gets = new ArrayList<>();
    for (int from = 0; from < order.size(); from += KEYS_PER_READ) {
      List<String> chunk = order.subList(from, Math.min(order.size(), from + KEYS_PER_READ));
      byte[][] headers = new byte[chunk.size()][];
      for (int i = 0; i < headers.length; i++) {
        byte[] c = cache.get(chunk.get(i));
        cached.add(c);
        headers[i] =
            c == null ? UNKNOWN : Arrays.copyOf(c, Math.min(c.length, AccountRecord.HEADER_BYTES));
      }
      CompletableFuture<List<Object>> f =
          readScript
              .<List<Object>, byte[]>run(
                  binary,
                  ScriptOutputType.MULTI,
                  chunk.stream().map(RedisKeys::account).toArray(String[]::new),
                  headers)
              .toCompletableFuture();
      gets.add(f);
      all.add(f);
    }
    // The ids of the events each target receives, against the sets they go to: one
    // check-events.lua call per CHECKS_PER_CALL sets.
    List<List<ModelEvent>> groups = new ArrayList<>();
    List<String> setKeys = new ArrayList<>();
    receivedByTarget.forEach(
        (m, events) ->
            byBucket(events)
                .forEach(
                    (bucket, inBucket) -> {
                      groups.add(inBucket);
                      setKeys.add(RedisKeys.events(m, bucket));
                    }));
    List<CompletableFuture<List<Object>>> checks = new ArrayList<>();
    for (int from = 0; from < groups.size(); from += CHECKS_PER_CALL) {
      int to = Math.min(groups.size(), from + CHECKS_PER_CALL);
      List<byte[]> args = new ArrayList<>();
      for (List<ModelEvent> inBucket : groups.subList(from, to)) {
        args.add(ascii(Integer.toString(inBucket.size())));
        for (ModelEvent e : inBucket) {
          args.add(ascii(Long.toString(EventIds.hash(e.eventId()))));
        }
      }
      CompletableFuture<List<Object>> f =
          checkScript
              .<List<Object>, byte[]>run(
                  binary,
                  ScriptOutputType.MULTI,
                  setKeys.subList(from, to).toArray(String[]::new),
                  args.toArray(byte[][]::new))
              .toCompletableFuture();
      checks.add(f);
      all.add(f);
    }
    await(all);
    Map<String, byte[]> bytes = new HashMap<>(order.size() * 2);
    for (int i = 0; i < order.size(); i++) {
      Object reply = gets.get(i / KEYS_PER_READ).join().get(i % KEYS_PER_READ);
      String m = order.get(i);
      if (reply instanceof byte[] stored) {
        bytes.put(m, stored);
        cache.put(m, stored);
      } else {
        bytes.put(m, cached.get(i));
      }
    }
    Map<String, AccountRecord> records = new HashMap<>(bytes.size() * 2);
    bytes.forEach((m, b) -> records.put(m, AccountRecord.decode(b)));
    Map<ModelEvent, Boolean> duplicates = new IdentityHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      byte[] flags = (byte[]) checks.get(g / CHECKS_PER_CALL).join().get(g % CHECKS_PER_CALL);
      List<ModelEvent> inBucket = groups.get(g);
      for (int i = 0; i < inBucket.size(); i++) {
        if (flags[i] == '1') {
          duplicates.put(inBucket.get(i), true);
        }
      }
    }
    return new Reads(records, duplicates);
  }

  private static Map<Long, List<ModelEvent>> byBucket(List<ModelEvent> events) {
    Map<Long, List<ModelEvent>> out = new LinkedHashMap<>();
    for (ModelEvent e : events) {
      out.computeIfAbsent(RedisKeys.eventBucket(e.timeMs()), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /**
   * Runs every write's compare-and-set; element i tells whether write i was stored. A write that
   * found another version stored refreshes the cache with it, so a retry needs no read. Writes go
   * {@link #ACCOUNTS_PER_CALL} accounts to an {@code apply-accounts.lua} call, pipelined.
   */
  @Override
  public boolean[] write(List<AccountWrite> writes) {
    List<CompletableFuture<List<Object>>> futures = new ArrayList<>();
    for (int from = 0; from < writes.size(); from += ACCOUNTS_PER_CALL) {
      List<AccountWrite> chunk =
          writes.subList(from, Math.min(writes.size(), from + ACCOUNTS_PER_CALL));
      List<String> keys = new ArrayList<>(1 + 3 * chunk.size());
      List<byte[]> args = new ArrayList<>(2 + 9 * chunk.size());
      keys.add(RedisKeys.CALIBRATION_HISTOGRAM);
      args.add(dedupTtlSeconds);
      args.add(ascii(Integer.toString(chunk.size())));
      for (AccountWrite w : chunk) {
        Map<Long, List<ModelEvent>> buckets = byBucket(w.received());
        keys.add(RedisKeys.account(w.member()));
        keys.add(RedisKeys.history(w.member()));
        args.add(AccountRecord.header(w.expectedVersion()));
        args.add(w.record());
        args.add(w.historyPoints());
        args.add(w.replaceLastPoint() ? OVERWRITE : APPEND);
        args.add(bucket(w.oldBucket()));
        args.add(bucket(w.newBucket()));
        args.add(ascii(Integer.toString(buckets.size())));
        for (Map.Entry<Long, List<ModelEvent>> b : buckets.entrySet()) {
          keys.add(RedisKeys.events(w.member(), b.getKey()));
          args.add(ascii(Integer.toString(b.getValue().size())));
          for (ModelEvent e : b.getValue()) {
            args.add(ascii(Long.toString(EventIds.hash(e.eventId()))));
          }
        }
      }
      futures.add(
          applyScript
              .<List<Object>, byte[]>run(
                  binary,
                  ScriptOutputType.MULTI,
                  keys.toArray(String[]::new),
                  args.toArray(byte[][]::new))
              .toCompletableFuture());
    }
    await(futures);
    boolean[] stored = new boolean[writes.size()];
    for (int i = 0; i < stored.length; i++) {
      Object reply = futures.get(i / ACCOUNTS_PER_CALL).join().get(i % ACCOUNTS_PER_CALL);
      AccountWrite w = writes.get(i);
      stored[i] = reply instanceof Long l && l == 1L;
      cache.put(w.member(), stored[i] ? w.record() : (byte[]) reply);
    }
    return stored;
  }

  private static byte[] bucket(int b) {
    return b < 0 ? NONE : ascii(Integer.toString(b));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

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
    // One ZADD per leaderboard key with every member of the batch: the global one directly, the
    // network and topic ones through add-to-board.lua, which bounds how many of them exist.
    List<ScoredValue<String>> global = new ArrayList<>();
    Map<String, List<ScoredValue<String>>> networks = new LinkedHashMap<>();
    Map<String, List<ScoredValue<String>>> topics = new LinkedHashMap<>();
    for (Ranked r : ranked) {
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
    for (int i = 0; i < global.size(); i += BOARD_CHUNK) {
      @SuppressWarnings("unchecked")
      ScoredValue<String>[] chunk =
          global.subList(i, Math.min(global.size(), i + BOARD_CHUNK)).toArray(ScoredValue[]::new);
      all.add(redis.zadd(RedisKeys.LEADERBOARD_ALL, chunk).toCompletableFuture());
    }
    networks.forEach(
        (n, members) ->
            addToBoard(
                all,
                RedisKeys.NETWORK_BOARDS,
                RedisKeys.networkLeaderboard(n),
                null,
                n,
                boardLimits.networks(),
                0,
                members));
    topics.forEach(
        (t, members) ->
            addToBoard(
                all,
                RedisKeys.TOPIC_BOARDS,
                RedisKeys.topicLeaderboard(t),
                RedisKeys.TOPICS,
                t,
                boardLimits.topics(),
                topicCounts.getOrDefault(t, 0),
                members));
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
    Set<String> linked = new TreeSet<>();
    for (Ranked r : ranked) {
      if (r.personId() != null) {
        linked.add(r.personId());
      }
    }
    persons.update(linked);
    // Last: a watcher told of a change reads the records, boards and movers already stored.
    publishChanges(ranked.stream().map(Ranked::member).toList(), linked);
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

  /** Members per leaderboard command. */
  static final int BOARD_CHUNK = 500;

  private void addToBoard(
      List<CompletableFuture<?>> all,
      String registry,
      String board,
      String index,
      String name,
      int limit,
      int count,
      List<ScoredValue<String>> members) {
    String[] keys =
        index == null ? new String[] {registry, board} : new String[] {registry, board, index};
    int i = 0;
    do {
      List<ScoredValue<String>> chunk =
          members.subList(i, Math.min(members.size(), i + BOARD_CHUNK));
      String[] args = new String[3 + 2 * chunk.size()];
      args[0] = name;
      args[1] = Integer.toString(limit);
      // The topic's count goes with the first chunk only.
      args[2] = Integer.toString(i == 0 ? count : 0);
      for (int j = 0; j < chunk.size(); j++) {
        args[3 + 2 * j] = Double.toString(chunk.get(j).getScore());
        args[4 + 2 * j] = chunk.get(j).getValue();
      }
      all.add(boardScript.run(redis, ScriptOutputType.INTEGER, keys, args).toCompletableFuture());
      i += BOARD_CHUNK;
    } while (i < members.size());
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
