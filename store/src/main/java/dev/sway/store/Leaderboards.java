package dev.sway.store;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Where the entries of a leaderboard ({@link RedisKeys#LEADERBOARD_ALL}, per network, per topic,
 * persons) are kept. On one Redis a leaderboard is its one key. On a Redis Cluster it is {@link
 * #CLUSTER_SHARDS} keys on slots spread over the whole slot range, so no node holds a whole ranking
 * or takes all of its writes: an entry lives in the shard its member hashes to, and a page is the
 * merge of the shards' tops.
 *
 * <p>A page is addressed by a cursor: per shard, how many of its entries the pages before listed.
 * The next page reads at most the page size from each shard after its cursor, merges them highest
 * first (equal scores in Redis's own order, by member bytes descending) and advances each shard's
 * cursor by what it contributed. So a page costs one range read per shard whatever its depth, and
 * the pages of an unchanged leaderboard list every entry once, in the order one key would.
 */
public final class Leaderboards {
  /** Keys per leaderboard on a Redis Cluster. */
  public static final int CLUSTER_SHARDS = 16;

  private static final Leaderboards SINGLE = new Leaderboards(1);
  private static final Leaderboards SHARDED = new Leaderboards(CLUSTER_SHARDS);

  private final int shards;

  private Leaderboards(int shards) {
    this.shards = shards;
  }

  /** The layout of the Redis behind {@code connector}. */
  public static Leaderboards of(RedisConnector connector) {
    return of(connector.isCluster());
  }

  public static Leaderboards of(boolean cluster) {
    return cluster ? SHARDED : SINGLE;
  }

  public int shards() {
    return shards;
  }

  /** Every key of a leaderboard, shard 0 first. */
  public List<String> keys(String board) {
    if (shards == 1) {
      return List.of(board);
    }
    List<String> out = new ArrayList<>(shards);
    for (int k = 0; k < shards; k++) {
      out.add(shardKey(board, k));
    }
    return out;
  }

  /** The key that holds {@code member}'s entry of a leaderboard. */
  public String keyOf(String board, String member) {
    return shards == 1 ? board : shardKey(board, shardOf(member));
  }

  /** The shard of a member: its own hash slot modulo the shard count. */
  int shardOf(String member) {
    return Slots.of(member) % shards;
  }

  /**
   * Shard k of a board sits in the k-th of {@code shards} equal slot ranges (at a place within it
   * that depends on the board), so the shards spread over every node of a cluster whose masters
   * hold contiguous ranges. The tag comes first so that no character of a network or topic name can
   * change it.
   */
  private String shardKey(String board, int k) {
    int width = Slots.COUNT / shards;
    int slot = k * width + Math.floorMod(board.hashCode(), width);
    String rest = board.startsWith(BOARD_PREFIX) ? board.substring(BOARD_PREFIX.length()) : board;
    return BOARD_PREFIX + "{" + Slots.tag(slot) + "}:" + rest;
  }

  private static final String BOARD_PREFIX = "sway:lb:";

  /** Entries grouped by the key that holds them, in the order given. */
  public Map<String, List<ScoredValue<String>>> byKey(
      String board, List<ScoredValue<String>> entries) {
    Map<String, List<ScoredValue<String>>> out = new LinkedHashMap<>();
    for (ScoredValue<String> e : entries) {
      out.computeIfAbsent(keyOf(board, e.getValue()), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /** Members grouped by the key that holds them, in the order given. */
  public Map<String, List<String>> membersByKey(String board, List<String> members) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String m : members) {
      out.computeIfAbsent(keyOf(board, m), k -> new ArrayList<>()).add(m);
    }
    return out;
  }

  /** A member's score on a leaderboard, or null. */
  public Double score(RedisClusterCommands<String, String> redis, String board, String member) {
    return redis.zscore(keyOf(board, member), member);
  }

  /** Entries of a leaderboard (ZCARD of every shard). */
  public long size(RedisClusterCommands<String, String> redis, String board) {
    long n = 0;
    for (String key : keys(board)) {
      n += redis.zcard(key);
    }
    return n;
  }

  /** The same, without blocking. */
  public CompletableFuture<Long> size(
      RedisClusterAsyncCommands<String, String> redis, String board) {
    List<CompletableFuture<Long>> all =
        keys(board).stream().map(k -> redis.zcard(k).toCompletableFuture()).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(x -> all.stream().mapToLong(CompletableFuture::join).sum());
  }

  /** The cursor of a leaderboard's first page. */
  public long[] start() {
    return new long[shards];
  }

  /**
   * One page: the entries, highest first; the cursor after them; the leaderboard's size; the rank
   * of the first entry (1-based).
   */
  public record Page(List<ScoredValue<String>> entries, long[] next, long total, long firstRank) {}

  /**
   * Reads one page from {@code cursor}: one round of a short range read and a ZCARD per shard
   * (pipelined), and a second round of full reads only for shards whose short read the page used
   * up. An entry of the page comes from any shard with equal odds, so a read of about twice a
   * shard's share covers nearly every page in one round.
   */
  public CompletableFuture<Page> page(
      RedisClusterAsyncCommands<String, String> redis, String board, long[] cursor, int size) {
    if (cursor.length != shards) {
      throw new IllegalArgumentException("a cursor of " + cursor.length + " shards");
    }
    List<String> keys = keys(board);
    int first = shards == 1 ? size : Math.min(size, 2 * ((size + shards - 1) / shards) + 4);
    int[] asked = new int[shards];
    Arrays.fill(asked, first);
    CompletableFuture<Long> total = size(redis, board);
    return read(redis, keys, cursor, asked)
        .thenCompose(
            runs -> {
              long[] next = Arrays.copyOf(cursor, cursor.length);
              List<ScoredValue<String>> entries = merge(runs, next, size);
              // A shard whose read the merge used up may hold more entries that belong here.
              boolean again = false;
              for (int k = 0; k < shards; k++) {
                if (asked[k] < size
                    && runs.get(k).size() == asked[k]
                    && next[k] - cursor[k] == asked[k]) {
                  asked[k] = size;
                  again = true;
                }
              }
              if (!again) {
                return CompletableFuture.completedFuture(entries);
              }
              return read(redis, keys, cursor, asked)
                  .thenApply(all -> merge(all, Arrays.copyOf(cursor, cursor.length), size));
            })
        .thenCombine(
            total,
            (entries, t) -> {
              long[] next = Arrays.copyOf(cursor, cursor.length);
              for (ScoredValue<String> e : entries) {
                next[shardOf(e.getValue())]++;
              }
              return new Page(entries, next, t, Arrays.stream(cursor).sum() + 1);
            });
  }

  /** Per shard, {@code count[k]} entries after its cursor, highest first. */
  private static CompletableFuture<List<List<ScoredValue<String>>>> read(
      RedisClusterAsyncCommands<String, String> redis,
      List<String> keys,
      long[] cursor,
      int[] count) {
    List<CompletableFuture<List<ScoredValue<String>>>> runs = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      runs.add(
          redis
              .zrevrangeWithScores(keys.get(k), cursor[k], cursor[k] + count[k] - 1)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
        .thenApply(x -> runs.stream().map(CompletableFuture::join).toList());
  }

  /**
   * The {@code size} highest of the shards' runs (each highest first), in Redis's order; adds to
   * {@code cursor} what each shard contributed.
   */
  static List<ScoredValue<String>> merge(
      List<List<ScoredValue<String>>> perShard, long[] cursor, int size) {
    record Head(int shard, int index, ScoredValue<String> value, byte[] member) {}
    Comparator<Head> order =
        Comparator.<Head>comparingDouble(h -> -h.value().getScore())
            .thenComparing((a, b) -> Arrays.compareUnsigned(b.member(), a.member()));
    PriorityQueue<Head> heads = new PriorityQueue<>(order);
    for (int k = 0; k < perShard.size(); k++) {
      if (!perShard.get(k).isEmpty()) {
        ScoredValue<String> v = perShard.get(k).get(0);
        heads.add(new Head(k, 0, v, bytes(v)));
      }
    }
    List<ScoredValue<String>> out = new ArrayList<>(size);
    while (out.size() < size && !heads.isEmpty()) {
      Head h = heads.poll();
      out.add(h.value());
      cursor[h.shard()]++;
      List<ScoredValue<String>> run = perShard.get(h.shard());
      if (h.index() + 1 < run.size()) {
        ScoredValue<String> v = run.get(h.index() + 1);
        heads.add(new Head(h.shard(), h.index() + 1, v, bytes(v)));
      }
    }
    return out;
  }

  private static byte[] bytes(ScoredValue<String> v) {
    return v.getValue().getBytes(StandardCharsets.UTF_8);
  }
}
