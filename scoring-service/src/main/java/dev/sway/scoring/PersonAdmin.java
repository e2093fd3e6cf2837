package dev.sway.scoring;

import dev.sway.common.Failure;
import dev.sway.model.AccountState;
import dev.sway.model.Calibration;
import dev.sway.model.RawHistogram;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.Leaderboards;
import dev.sway.store.Pseudonyms;
import dev.sway.store.RedisKeys;
import dev.sway.store.Slots;
import dev.sway.v1.AccountExport;
import dev.sway.v1.AccountRecordExport;
import dev.sway.v1.EngagementReceived;
import dev.sway.v1.HistoryPointExport;
import dev.sway.v1.PersonExport;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * Persons (linked accounts), erasure and export: the scoring service's rare, administrative writes.
 * They run on a handler thread with Redis's synchronous API; none is on the hot path. Record
 * changes go through the same compare-and-set as the scorer's, so they never overwrite a batch's
 * write (nor a batch theirs).
 */
public final class PersonAdmin {
  private final AccountStore store;
  private final RedisClusterCommands<String, String> redis;
  private final RedisClusterCommands<String, byte[]> binary;

  private final Privacy privacy;

  /** Administration in open mode with the test key (tests). */
  public PersonAdmin(AccountStore store) {
    this(store, Privacy.openForTests());
  }

  public PersonAdmin(AccountStore store, Privacy privacy) {
    this.privacy = privacy;
    this.store = store;
    this.redis = store.connector().sync();
    this.binary = store.connector().binarySync();
  }

  /** An account already belongs to another person. */
  public static final class LinkConflict extends Failure.Conflict {
    private static final long serialVersionUID = 1L;

    LinkConflict(String message) {
      super(message);
    }
  }

  /** Links accounts to a person; returns all the person's accounts. */
  public synchronized List<String> link(String personId, List<String> members) {
    Set<String> already = new HashSet<>();
    for (String m : members) {
      String owner = read(m).personId;
      if (owner != null && !owner.equals(personId)) {
        throw conflict(m, owner);
      }
      if (personId.equals(owner)) {
        already.add(m);
      }
    }
    // The check above is only a fast answer: another replica may link the same account between
    // it and the write. The owner is checked again inside each record's compare-and-set, so of
    // two replicas linking one account to two persons exactly one wins; the loser takes back
    // what this call linked.
    List<String> linked = new ArrayList<>();
    for (String m : members) {
      redis.sadd(RedisKeys.person(personId), m);
      try {
        update(
            m,
            r -> {
              if (r.personId != null && !r.personId.equals(personId)) {
                throw conflict(m, r.personId);
              }
              r.personId = personId;
            });
      } catch (LinkConflict e) {
        redis.srem(RedisKeys.person(personId), m);
        for (String done : linked) {
          if (!already.contains(done)) {
            redis.srem(RedisKeys.person(personId), done);
            update(done, r -> r.personId = personId.equals(r.personId) ? null : r.personId);
          }
        }
        throw e;
      }
      linked.add(m);
    }
    changed(personId, members);
    return accountsOf(personId);
  }

  /** The person's leaderboard place recomputed, and watchers of the accounts told. */
  private void changed(String personId, List<String> members) {
    store.persons().update(List.of(personId));
    store.publishChanges(members, List.of(personId));
  }

  private static LinkConflict conflict(String member, String owner) {
    return new LinkConflict(
        "account "
            + member
            + " is already linked to person '"
            + owner
            + "'; unlink it from '"
            + owner
            + "' first");
  }

  /** Unlinks accounts from a person; returns the accounts left. */
  public synchronized List<String> unlink(String personId, List<String> members) {
    for (String m : members) {
      if (redis.srem(RedisKeys.person(personId), m) > 0) {
        update(m, r -> r.personId = null);
      }
    }
    changed(personId, members);
    return accountsOf(personId);
  }

  public List<String> accountsOf(String personId) {
    return new ArrayList<>(new TreeSet<>(redis.smembers(RedisKeys.person(personId))));
  }

  private AccountRecord read(String member) {
    return AccountRecord.decode(binary.get(RedisKeys.account(member)));
  }

  /** Changes one record with a compare-and-set, again from the stored record until it holds. */
  private void update(String member, Consumer<AccountRecord> change) {
    while (true) {
      AccountRecord r = store.read(List.of(member), Map.of()).records().get(member);
      change.accept(r);
      int bucket = r.score == null ? -1 : RawHistogram.bucket(r.score.raw());
      StateStore.AccountWrite w =
          new StateStore.AccountWrite(
              member,
              r.version,
              r.encode(r.version + 1),
              new byte[0],
              false,
              bucket,
              bucket,
              List.of());
      if (store.write(List.of(w))[0]) {
        return;
      }
    }
  }

  /** What an erasure removed. */
  public record Erased(List<String> accounts, long deletedKeys, long removedEntries) {}

  /**
   * Deletes the record and history if the record is still the one read, and takes its raw score out
   * of the calibration histogram in the same step. KEYS: record, history, histogram (or, on a
   * cluster, the slot's calibration journal); ARGV: header read, histogram bucket ("" for none),
   * "h" or "j". Returns keys deleted, or -1 when the record moved.
   */
  private static final byte[] JOURNAL = {'j'};

  private static final byte[] HISTOGRAM = {'h'};

  private static final String ERASE_RECORD =
      String.join(
          "\n",
          "local cur = redis.call('GET', KEYS[1])",
          "if (cur and string.sub(cur, 1, 9) or '') ~= ARGV[1] then return -1 end",
          "if ARGV[2] ~= '' and ARGV[3] == 'j' then",
          "  local last = redis.call('LINDEX', KEYS[3], -1)",
          "  local t = redis.call('TIME')",
          "  local seq = tonumber(t[1]) * 1000000 + tonumber(t[2])",
          "  if last and tonumber(string.match(last, '^%d+')) >= seq then",
          "    seq = tonumber(string.match(last, '^%d+')) + 1",
          "  end",
          "  redis.call('RPUSH', KEYS[3], string.format('%d', seq) .. ' -' .. ARGV[2])",
          "elseif ARGV[2] ~= '' then",
          "  redis.call('BITFIELD', KEYS[3], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. ARGV[2], -1)",
          "end",
          "return redis.call('DEL', KEYS[1], KEYS[2])");

  /**
   * An account is suppressed (erased) and cannot be registered before the suppression is lifted.
   */
  public static final class Suppressed extends Failure.Conflict {
    private static final long serialVersionUID = 1L;

    Suppressed(String message) {
      super(message);
    }
  }

  /**
   * Keeps the accounts erased: from now on every event or snapshot naming one is dropped before
   * scoring, and they are no longer registered. Stores only their keyed hashes.
   */
  public void suppress(Set<String> accounts) {
    if (accounts.isEmpty()) {
      return;
    }
    String[] hashes = accounts.stream().map(this::hashed).toArray(String[]::new);
    redis.sadd(RedisKeys.SUPPRESSED, hashes);
    redis.srem(RedisKeys.REGISTERED, hashes);
  }

  /** The keyed hash of {@code member} as the suppressed and registered sets hold it. */
  private String hashed(String member) {
    return Long.toString(privacy.hash(member));
  }

  /** Ends the suppression of {@code member}; whether it was suppressed. */
  public boolean lift(String member) {
    return redis.srem(RedisKeys.SUPPRESSED, hashed(member)) > 0;
  }

  /**
   * Registers consenting accounts; returns how many were not registered before. Refuses them all
   * when one is suppressed.
   */
  public synchronized int register(List<String> members) {
    String[] hashes = members.stream().map(this::hashed).toArray(String[]::new);
    List<Boolean> suppressed = redis.smismember(RedisKeys.SUPPRESSED, hashes);
    for (int i = 0; i < members.size(); i++) {
      if (Boolean.TRUE.equals(suppressed.get(i))) {
        throw new Suppressed(
            "account "
                + members.get(i)
                + " was erased and stays suppressed: lift the "
                + "suppression (LiftSuppression) before registering it again");
      }
    }
    return redis.sadd(RedisKeys.REGISTERED, hashes).intValue();
  }

  /**
   * Where the accounts' data can be stored: their own members and the pseudonyms they engaged under
   * while unregistered (opt-in mode).
   */
  public Set<String> storedAs(Set<String> accounts) {
    Set<String> out = new LinkedHashSet<>();
    for (String a : accounts) {
      out.addAll(privacy.storedAs(a));
    }
    return out;
  }

  /**
   * The accounts an erasure of {@code personId} (if given) and {@code members} covers: the members
   * and the person's accounts.
   */
  public Set<String> accountsToErase(String personId, List<String> members) {
    Set<String> accounts = new LinkedHashSet<>(members);
    if (personId != null) {
      accounts.addAll(redis.smembers(RedisKeys.person(personId)));
    }
    return accounts;
  }

  /**
   * Removes the accounts' own data that readers reach: their record and history, their leaderboard
   * entries, topics no other account carries, their place in their person's set, and the person.
   * Costs what the accounts hold, not what Redis holds. Idempotent; run again at the end of an
   * erasure, it removes what a batch in flight on another replica wrote meanwhile. Their
   * de-duplication sets are left to {@link #eraseEventIds}: finding them takes a scan.
   */
  public synchronized Erased eraseOwn(String personId, Set<String> accounts) {
    boolean cluster = store.connector().isCluster();
    Set<String> otherPersons = new TreeSet<>();
    long keys = 0;
    long entries = 0;
    for (String m : accounts) {
      long deleted;
      AccountRecord r;
      do {
        byte[] bytes = binary.get(RedisKeys.account(m));
        r = AccountRecord.decode(bytes);
        String bucket = r.score == null ? "" : Integer.toString(RawHistogram.bucket(r.score.raw()));
        deleted =
            binary.eval(
                ERASE_RECORD,
                ScriptOutputType.INTEGER,
                new String[] {
                  RedisKeys.account(m),
                  RedisKeys.history(m),
                  cluster
                      ? RedisKeys.calibrationJournal(Slots.of(RedisKeys.account(m)))
                      : RedisKeys.CALIBRATION_HISTOGRAM
                },
                AccountRecord.header(r.version),
                bucket.getBytes(StandardCharsets.US_ASCII),
                cluster ? JOURNAL : HISTOGRAM);
      } while (deleted < 0);
      if (cluster) {
        store.journal().foldSlots(List.of(Slots.of(RedisKeys.account(m))));
      }
      keys += deleted;
      store.invalidate(m);
      Set<String> topics = new LinkedHashSet<>(r.state.topics.keySet());
      if (r.score != null) {
        topics.addAll(r.score.topicRaws().keySet());
      }
      // An account erased on its own leaves its person's set too (the person stays, with its
      // other accounts).
      if (r.personId != null && (personId == null || !personId.equals(r.personId))) {
        entries += redis.srem(RedisKeys.person(r.personId), m);
        otherPersons.add(r.personId);
      }
      for (String key : MoversIndex.keysOf(m, topics)) {
        entries += redis.zrem(key, m);
      }
      Leaderboards boards = store.boards();
      entries += redis.zrem(boards.keyOf(RedisKeys.LEADERBOARD_ALL, m), m);
      String network = RedisKeys.networkOf(m);
      String networkBoard = RedisKeys.networkLeaderboard(network);
      entries += redis.zrem(boards.keyOf(networkBoard, m), m);
      if (boards.size(redis, networkBoard) == 0) {
        entries += redis.srem(RedisKeys.NETWORK_BOARDS, network);
      }
      for (String t : topics) {
        String topicBoard = RedisKeys.topicLeaderboard(t);
        entries += redis.zrem(boards.keyOf(topicBoard, m), m);
        // A topic only this account carried is no longer listed (its name could be the person's),
        // and its place among the bounded topic leaderboards is free again.
        if (boards.size(redis, topicBoard) == 0) {
          entries += redis.zrem(RedisKeys.TOPICS, t);
          entries += redis.srem(RedisKeys.TOPIC_BOARDS, t);
        }
      }
    }
    if (personId != null) {
      keys += redis.del(RedisKeys.person(personId));
      entries += redis.zrem(store.boards().keyOf(RedisKeys.PERSON_LEADERBOARD, personId), personId);
    }
    store.persons().update(otherPersons);
    // Watchers learn of an erasure without the erased names entering the feed: every watcher
    // reads its state again, and finds no score where the erased accounts were.
    store.publishChanges(List.of(), otherPersons);
    store.publishResync();
    return new Erased(List.copyOf(accounts), keys, entries);
  }

  /**
   * Deletes the change-feed entries that name the accounts or the person (entries of the last
   * minute; the query services read each within milliseconds, long before an erasure's pass ends).
   * Returns the entries deleted.
   */
  public long eraseFromChangeFeed(Set<String> accounts, String personId) {
    long deleted = 0;
    String from = "-";
    while (true) {
      List<StreamMessage<String, String>> page =
          redis.xrange(RedisKeys.CHANGES, Range.create(from, "+"), Limit.create(0, 500));
      List<String> ids = new ArrayList<>();
      for (StreamMessage<String, String> e : page) {
        if (names(e.getBody().get("m"), accounts) || names(e.getBody().get("p"), personId)) {
          ids.add(e.getId());
        }
      }
      if (!ids.isEmpty()) {
        deleted += redis.xdel(RedisKeys.CHANGES, ids.toArray(String[]::new));
      }
      if (page.size() < 500) {
        return deleted;
      }
      from = "(" + page.get(page.size() - 1).getId();
    }
  }

  private static boolean names(String lines, Set<String> names) {
    if (lines == null || lines.isEmpty() || names.isEmpty()) {
      return false;
    }
    for (String line : lines.split("\n")) {
      if (names.contains(line)) {
        return true;
      }
    }
    return false;
  }

  private static boolean names(String lines, String name) {
    return name != null && names(lines, Set.of(name));
  }

  /**
   * Deletes the accounts' de-duplication sets (64-bit id hashes, but their key names carry the
   * member). Their bucket numbers depend on the events' times, which may be any, so they are found
   * by one SCAN of every id set, whatever the number of accounts; returns keys deleted.
   */
  public long eraseEventIds(Set<String> accounts) {
    if (accounts.isEmpty()) {
      return 0;
    }
    Set<String> tags = new HashSet<>();
    for (String a : accounts) {
      tags.add("{" + a + "}");
    }
    long[] keys = {0};
    scanKeys(
        RedisKeys.ALL_EVENT_IDS,
        page -> {
          List<String> mine = new ArrayList<>();
          for (String key : page) {
            int open = key.indexOf('{');
            int close = key.indexOf('}', open);
            if (open >= 0 && close > open && tags.contains(key.substring(open, close + 1))) {
              mine.add(key);
            }
          }
          if (!mine.isEmpty()) {
            keys[0] += redis.del(mine.toArray(String[]::new));
          }
        });
    return keys[0];
  }

  /**
   * Removes the accounts from the engager tables of every other account. Finding them takes a pass
   * over every account record: Sway keeps no reverse index (it would cost more memory per account
   * than the engager table itself), so this part of an erasure costs one pipelined scan of the
   * records, which is why erasure is a long-running operation.
   *
   * @param progress told the number of records examined after each page of the scan
   * @return entries removed
   */
  public long eraseEngagement(Set<String> accounts, LongConsumer progress) {
    if (accounts.isEmpty()) {
      return 0;
    }
    long entries = 0;
    for (String other :
        recordsNaming(
            accounts,
            s -> accounts.stream().anyMatch(a -> s.engagerTable.get(a) != null),
            progress)) {
      long[] removed = {0};
      synchronized (this) {
        update(
            other,
            r -> {
              removed[0] = 0;
              for (String a : accounts) {
                removed[0] += r.state.engagerTable.remove(a) ? 1 : 0;
              }
            });
      }
      entries += removed[0];
    }
    return entries;
  }

  /**
   * Removes every key and every entry naming the accounts, in one call: {@link #eraseOwn} then
   * {@link #eraseEngagement}. Idempotent. (Event ids live on only as 64-bit hashes in the sets of
   * the accounts they engaged, until those sets expire: no id text is stored.)
   */
  public Erased erase(String personId, List<String> members) {
    Set<String> accounts = accountsToErase(personId, members);
    suppress(accounts);
    Set<String> stored = storedAs(accounts);
    Erased own = eraseOwn(personId, stored);
    long entries = eraseEngagement(stored, n -> {});
    long ids = eraseEventIds(stored);
    return new Erased(
        List.copyOf(accounts), own.deletedKeys() + ids, own.removedEntries() + entries);
  }

  /**
   * Members of the records (other than {@code names}') whose state satisfies {@code test}, sorted;
   * records whose bytes do not contain any of the names are not decoded.
   */
  private List<String> recordsNaming(
      Set<String> names, Predicate<AccountState> test, LongConsumer progress) {
    List<byte[]> needles = names.stream().map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
    List<String> out = new ArrayList<>();
    long[] scanned = {0};
    var async = store.binary();
    scanKeys(
        RedisKeys.ALL_ACCOUNTS,
        page -> {
          List<RedisFuture<byte[]>> replies = new ArrayList<>(page.size());
          for (String key : page) {
            replies.add(async.get(key));
          }
          for (int i = 0; i < replies.size(); i++) {
            String key = page.get(i);
            String member = key.substring(key.indexOf('{') + 1, key.lastIndexOf('}'));
            byte[] bytes = replies.get(i).toCompletableFuture().join();
            if (bytes == null
                || names.contains(member)
                || needles.stream().noneMatch(n -> contains(bytes, n))) {
              continue;
            }
            if (test.test(AccountRecord.decode(bytes).state)) {
              out.add(member);
            }
          }
          scanned[0] += page.size();
          progress.accept(scanned[0]);
        });
    Collections.sort(out);
    return out;
  }

  /** Visits the keys matching {@code pattern}, a page of SCAN at a time. */
  private void scanKeys(String pattern, Consumer<List<String>> page) {
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
    do {
      KeyScanCursor<String> keys = redis.scan(cursor, args);
      page.accept(keys.getKeys());
      cursor = keys;
    } while (!cursor.isFinished());
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Everything stored about the accounts: exactly the fields that {@code docs/privacy.md} lists (a
   * test compares them).
   */
  public PersonExport export(String personId, List<String> members) {
    Set<String> accounts = new LinkedHashSet<>(members);
    PersonExport.Builder out = PersonExport.newBuilder();
    if (personId != null) {
      accounts.addAll(redis.smembers(RedisKeys.person(personId)));
      out.setPersonId(personId);
    }
    // The scores as GetScore gives them: calibrated against the same histogram query reads.
    Calibration cal =
        Calibration.of(RawHistogram.fromBytes(binary.get(RedisKeys.CALIBRATION_HISTOGRAM)));
    for (String m : accounts) {
      out.addAccounts(exportAccount(m, cal));
    }
    return out.build();
  }

  private AccountExport exportAccount(String m, Calibration cal) {
    AccountRecord r = read(m);
    AccountState s = r.state;
    AccountExport.Builder a =
        AccountExport.newBuilder()
            .setNetwork(RedisKeys.networkOf(m))
            .setAccountId(RedisKeys.accountIdOf(m));
    if (r.exists()) {
      AccountRecordExport.Builder rec =
          AccountRecordExport.newBuilder()
              .setFollowers(s.followers)
              .setFollowing(s.following)
              .setPosts(s.posts)
              .setSnapshotMs(s.snapshotMs)
              .setInteractionsReceived(s.interactions)
              .setLastEventMs(s.lastEventMs)
              .setLastEngagementGivenMs(s.lastGivenMs)
              .setReactionsGivenOnDay(s.givenDay + ":" + s.givenCount)
              // Decayed sums, scaled to the model's epoch: they name no one.
              .setAmplificationSum(s.amplification)
              .setAuthoritySum(s.authority)
              .setEngagersSum(s.engagers)
              .setPostingSum(s.posting)
              .setAuthoredSum(s.authored);
      rec.setSweptDay(s.sweptDay == Long.MIN_VALUE ? -1 : s.sweptDay);
      if (r.score != null) {
        rec.setRawScore(r.score.raw())
            .setModelVersion(r.score.modelVersion())
            .setScoredAtMs(r.score.scoredAtMs())
            .setDistinctEngagers(r.score.distinctEngagers())
            .setScore(Math.round(10.0 * cal.scoreOf(r.score.raw())) / 10.0)
            .setPercentile(Math.round(1000.0 * cal.rankOf(r.score.raw())) / 10.0);
        a.putAllTopicRawScores(r.score.topicRaws());
      }
      if (r.personId != null) {
        rec.setPersonId(r.personId);
      }
      a.setRecord(rec);
    }
    // An unregistered engager is stored as a keyed hash, and named nowhere.
    s.engagerTable.forEach(
        (engager, p) ->
            a.addEngagementReceived(
                EngagementReceived.newBuilder()
                    .setEngager(Pseudonyms.isPseudonym(engager) ? "(unregistered)" : engager)
                    .setScaledMass(p.scaledMass)
                    .setLastEngagementMs(p.lastMs)));
    // Also where it engaged while unregistered (opt-in mode), under its pseudonym.
    Set<String> as = storedAs(Set.of(m));
    a.addAllAccountsEngaged(
        recordsNaming(
            as, st -> as.stream().anyMatch(x -> st.engagerTable.get(x) != null), n -> {}));
    a.putAllTopics(new TreeMap<>(s.topics));
    for (HistoryPoint p :
        HistorySeries.decode(
                binary.get(RedisKeys.history(m)), r.score == null ? null : r.score.modelVersion())
            .values()) {
      a.addHistory(
          HistoryPointExport.newBuilder()
              .setEpochDay(p.epochDay())
              .setRaw(p.raw())
              .setReach(p.reach())
              .setAmplification(p.amplification())
              .setAuthority(p.authority())
              .setActivity(p.activity())
              .setModelVersion(p.modelVersion()));
    }
    Double global = store.boards().score(redis, RedisKeys.LEADERBOARD_ALL, m);
    if (global != null) {
      a.setLeaderboardRawScore(global);
    }
    // The ids themselves are 64-bit hashes: how many each bucket holds is what can be told.
    scanKeys(
        RedisKeys.eventPattern(m),
        page -> {
          for (String key : page) {
            a.putReceivedEventIds(key.substring(key.lastIndexOf(':') + 1), redis.scard(key));
          }
        });
    a.setRegistered(redis.sismember(RedisKeys.REGISTERED, hashed(m)));
    return a.build();
  }
}
