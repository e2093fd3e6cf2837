package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.ApplyAccountsCall;
import dev.sway.store.EventIds;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import dev.sway.store.Slots;
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
import java.util.function.Function;

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
  private final Scripts admitScript;
  private final BoardLimits boardLimits;
  private final RecordCache cache;
  private final byte[] dedupTtlSeconds;
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
    this.boardLimits = boardLimits;
    this.admitScript = Scripts.load(connector.async(), "admit-boards.lua");
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
    this.boards = Leaderboards.of(connector);
    this.persons = new PersonBoard(redis, boards, timeoutMs);
    this.journal = new CalibrationJournal(connector, this::await);
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
    // Every record comes from Redis or is confirmed current there: a cached copy is sent back
    // only as its 9-byte header, and Redis answers with the record only where it moved.
    boolean cluster = connector.isCluster();
    List<String> order = new ArrayList<>(members);
    List<CompletableFuture<?>> all = new ArrayList<>();
    // One Redis: calls of consecutive accounts; a cluster: calls of one slot's accounts each.
    List<List<Integer>> readCalls =
        Slots.calls(order.size(), KEYS_PER_READ, cluster, i -> RedisKeys.account(order.get(i)));
    byte[][] cached = new byte[order.size()][];
    List<CompletableFuture<List<Object>>> gets = new ArrayList<>();
    for (List<Integer> call : readCalls) {
      byte[][] headers = new byte[call.size()][];
      String[] keys = new String[call.size()];
      for (int j = 0; j < headers.length; j++) {
        int i = call.get(j);
        byte[] c = cache.get(order.get(i));
        cached[i] = c;
        keys[j] = RedisKeys.account(order.get(i));
        headers[j] =
            c == null ? UNKNOWN : Arrays.copyOf(c, Math.min(c.length, AccountRecord.HEADER_BYTES));
      }
      CompletableFuture<List<Object>> f =
          readScript
              .<List<Object>, byte[]>run(binary, ScriptOutputType.MULTI, keys, headers)
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
    List<List<Integer>> checkCalls =
        Slots.calls(groups.size(), CHECKS_PER_CALL, cluster, setKeys::get);
    List<CompletableFuture<List<Object>>> checks = new ArrayList<>();
    for (List<Integer> call : checkCalls) {
      List<byte[]> args = new ArrayList<>();
      for (int g : call) {
        List<ModelEvent> inBucket = groups.get(g);
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
                  call.stream().map(setKeys::get).toArray(String[]::new),
                  args.toArray(byte[][]::new))
              .toCompletableFuture();
      checks.add(f);
      all.add(f);
    }
    await(all);
    Map<String, byte[]> bytes = new HashMap<>(order.size() * 2);
    for (int c = 0; c < readCalls.size(); c++) {
      List<Object> replies = gets.get(c).join();
      List<Integer> call = readCalls.get(c);
      for (int j = 0; j < call.size(); j++) {
        int i = call.get(j);
        String m = order.get(i);
        if (replies.get(j) instanceof byte[] stored) {
          bytes.put(m, stored);
          cache.put(m, stored);
        } else {
          bytes.put(m, cached[i]);
        }
      }
    }
    Map<String, AccountRecord> records = new HashMap<>(bytes.size() * 2);
    bytes.forEach((m, b) -> records.put(m, AccountRecord.decode(b)));
    Map<ModelEvent, Boolean> duplicates = new IdentityHashMap<>();
    for (int c = 0; c < checkCalls.size(); c++) {
      List<Object> replies = checks.get(c).join();
      List<Integer> call = checkCalls.get(c);
      for (int j = 0; j < call.size(); j++) {
        byte[] flags = (byte[]) replies.get(j);
        List<ModelEvent> inBucket = groups.get(call.get(j));
        for (int i = 0; i < inBucket.size(); i++) {
          if (flags[i] == '1') {
            duplicates.put(inBucket.get(i), true);
          }
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
    boolean cluster = connector.isCluster();
    if (cluster) {
      journal.foldLeftovers();
    }
    List<List<Integer>> calls =
        Slots.calls(
            writes.size(),
            ACCOUNTS_PER_CALL,
            cluster,
            i -> RedisKeys.account(writes.get(i).member()));
    List<CompletableFuture<List<Object>>> futures = new ArrayList<>();
    int[] slots = new int[calls.size()];
    for (int c = 0; c < calls.size(); c++) {
      List<Integer> call = calls.get(c);
      ApplyAccountsCall script;
      if (cluster) {
        slots[c] = Slots.of(RedisKeys.account(writes.get(call.get(0)).member()));
        script = ApplyAccountsCall.toJournal(slots[c], dedupTtlSeconds, journal.mode(slots[c]));
      } else {
        script = ApplyAccountsCall.toHistogram(dedupTtlSeconds);
      }
      for (int i : call) {
        AccountWrite w = writes.get(i);
        script.account(
            w.member(),
            AccountRecord.header(w.expectedVersion()),
            w.record(),
            w.historyPoints(),
            w.replaceLastPoint(),
            w.oldBucket(),
            w.newBucket());
        byBucket(w.received())
            .forEach(
                (bucket, events) ->
                    script.ids(RedisKeys.events(w.member(), bucket), hashes(events)));
      }
      futures.add(
          applyScript
              .<List<Object>, byte[]>run(
                  binary, ScriptOutputType.MULTI, script.keys(), script.args())
              .toCompletableFuture());
    }
    await(futures);
    boolean[] stored = new boolean[writes.size()];
    Map<Integer, List<Object>> entries = new LinkedHashMap<>();
    for (int c = 0; c < calls.size(); c++) {
      List<Object> replies = futures.get(c).join();
      List<Integer> call = calls.get(c);
      for (int j = 0; j < call.size(); j++) {
        int i = call.get(j);
        Object reply = replies.get(j);
        AccountWrite w = writes.get(i);
        stored[i] = reply instanceof Long l && l == 1L;
        cache.put(w.member(), stored[i] ? w.record() : (byte[]) reply);
      }
      if (cluster) {
        // The slot's latest journal: a later call of the same slot returns a longer one.
        @SuppressWarnings("unchecked")
        List<Object> journalEntries = (List<Object>) replies.get(call.size());
        entries.put(slots[c], journalEntries);
      }
    }
    if (cluster && foldAfterWrite) {
      journal.fold(entries);
    }
    return stored;
  }

  /** False only in tests: a writer that dies between its account writes and their fold. */
  volatile boolean foldAfterWrite = true;

  private static long[] hashes(List<ModelEvent> events) {
    long[] out = new long[events.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = EventIds.hash(events.get(i).eventId());
    }
    return out;
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
    // network and topic ones once admit-boards.lua said they may exist.
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
    zadd(all, RedisKeys.LEADERBOARD_ALL, global);
    // Per network and per topic: first which names may have a leaderboard (one call each for the
    // batch's networks and topics), then the entries of those that may.
    CompletableFuture<List<Long>> admittedNetworks =
        admit(RedisKeys.NETWORK_BOARDS, boardLimits.networks(), networks.keySet());
    CompletableFuture<List<Long>> admittedTopics =
        admit(RedisKeys.TOPIC_BOARDS, boardLimits.topics(), topics.keySet());
    all.add(admittedNetworks);
    all.add(admittedTopics);
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
    addAdmitted(boards, networks, admittedNetworks.join(), RedisKeys::networkLeaderboard, Map.of());
    addAdmitted(boards, topics, admittedTopics.join(), RedisKeys::topicLeaderboard, topicCounts);
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
        throw new StoreException(
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
