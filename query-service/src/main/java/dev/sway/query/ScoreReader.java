package dev.sway.query;

import dev.sway.model.ModelConfig;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The query service's Redis adapter. Every look-up is one pipelined round trip; nothing here
 * blocks: results are futures completed on Lettuce's event loop. Account records are read through
 * the {@link RecordBatcher} (one {@code MGET} per slot for the reads in flight together), history
 * series on the binary connection, leaderboards and sets on the text one.
 */
final class ScoreReader {
  private final RedisClusterAsyncCommands<String, String> redis;
  private final RedisClusterAsyncCommands<String, byte[]> binary;

  private final Leaderboards boards;
  private final RecordBatcher records;

  ScoreReader(RedisConnector connector, RecordBatcher records) {
    this.boards = Leaderboards.of(connector);
    this.redis = connector.async();
    this.binary = connector.binary();
    this.records = records;
  }

  /** The batcher the account records are read through. */
  RecordBatcher records() {
    return records;
  }

  /**
   * The records of the accounts, in order, without topic masses and engager tables; null for an
   * account never stored.
   */
  CompletableFuture<List<AccountRecord>> read(List<String> members) {
    return values(members).thenApply(v -> decodeAll(v, ScoreLookups::decode));
  }

  /**
   * The record of one account, without its topic masses and engager table, or null when it was
   * never stored.
   */
  CompletableFuture<AccountRecord> read(String member) {
    return values(List.of(member)).thenApply(v -> ScoreLookups.decode(v[0]));
  }

  /** The stored records of the accounts, in order, through the batcher. */
  private CompletableFuture<byte[][]> values(List<String> members) {
    CompletableFuture<byte[][]> f = new CompletableFuture<>();
    RecordBatcher.Read read =
        new RecordBatcher.Read(members.stream().map(RedisKeys::account).toArray(String[]::new)) {
          @Override
          void done(Throwable error) {
            if (error != null) {
              f.completeExceptionally(error);
            } else {
              f.complete(values);
            }
          }
        };
    if (!records.submit(read)) {
      f.completeExceptionally(new ReadFailures.Full());
    }
    return f;
  }

  private static List<AccountRecord> decodeAll(
      byte[][] values, Function<byte[], AccountRecord> decode) {
    List<AccountRecord> out = new ArrayList<>(values.length);
    for (byte[] v : values) {
      out.add(decode.apply(v));
    }
    return out;
  }

  private static AccountRecord record(byte[] bytes) {
    return bytes == null ? null : AccountRecord.decode(bytes);
  }

  /** The accounts of a person, sorted. */
  CompletableFuture<List<String>> personAccounts(String personId) {
    return redis
        .smembers(RedisKeys.person(personId))
        .toCompletableFuture()
        .thenApply(s -> s.stream().sorted().toList());
  }

  /** An account's record (null when never stored) and its history points by epoch day. */
  record WithHistory(AccountRecord record, TreeMap<Long, HistoryPoint> history) {}

  /** The record and the history of an account: two GETs in one round trip. */
  CompletableFuture<WithHistory> withHistory(String member) {
    CompletableFuture<AccountRecord> record =
        binary.get(RedisKeys.account(member)).toCompletableFuture().thenApply(ScoreReader::record);
    CompletableFuture<byte[]> history = binary.get(RedisKeys.history(member)).toCompletableFuture();
    return record.thenCombine(
        history,
        (r, h) -> {
          // The series stores only the model's generation; its points are named after the model
          // of the account's latest score.
          String model =
              r != null && r.score != null ? r.score.modelVersion() : ModelConfig.DEFAULT.version();
          return new WithHistory(r, HistorySeries.decode(h, model));
        });
  }

  /** One page of topics by activity, with each topic's leaderboard size. */
  record TopicPage(List<ScoredValue<String>> topics, List<Long> accounts, long total) {}

  CompletableFuture<TopicPage> topics(long offset, int size) {
    return redis
        .zrevrangeWithScores(RedisKeys.TOPICS, offset, offset + size - 1)
        .toCompletableFuture()
        .thenCompose(
            page -> {
              List<CompletableFuture<Long>> counts =
                  page.stream()
                      .map(t -> boards.size(redis, RedisKeys.topicLeaderboard(t.getValue())))
                      .toList();
              CompletableFuture<Long> total = redis.zcard(RedisKeys.TOPICS).toCompletableFuture();
              List<CompletableFuture<?>> all = new ArrayList<>(counts);
              all.add(total);
              return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                  .thenApply(
                      x ->
                          new TopicPage(
                              page,
                              counts.stream().map(CompletableFuture::join).toList(),
                              total.join()));
            });
  }

  /**
   * One page of a leaderboard from {@code cursor} (see {@link Leaderboards}), highest first, with
   * the cursor of the next page and the board's size: one round trip.
   */
  CompletableFuture<Leaderboards.Page> leaderboard(String board, long[] cursor, int size) {
    return boards.page(redis, board, cursor, size);
  }

  /** The cursor of a leaderboard's first page. */
  long[] firstPage() {
    return boards.start();
  }

  /** How many keys hold a leaderboard (what a page cursor counts). */
  int boardShards() {
    return boards.shards();
  }

  /** Whole records (with engager tables), in order; null for an account never stored. */
  CompletableFuture<List<AccountRecord>> readWhole(List<String> members) {
    return values(members).thenApply(v -> decodeAll(v, ScoreReader::record));
  }

  /** Records and histories of several accounts, in order, in one round trip. */
  CompletableFuture<List<WithHistory>> withHistory(List<String> members) {
    List<CompletableFuture<WithHistory>> all = members.stream().map(this::withHistory).toList();
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(x -> all.stream().map(CompletableFuture::join).toList());
  }

  /**
   * One page of a movers index: risers (highest change first, changes above 0) or fallers (lowest
   * first, below 0).
   */
  CompletableFuture<List<String>> movers(String key, boolean up, long offset, int size) {
    Limit limit = Limit.create(offset, size);
    return (up
            ? redis.zrevrangebyscore(
                key, Range.from(Range.Boundary.excluding(0.0), Range.Boundary.unbounded()), limit)
            : redis.zrangebyscore(
                key, Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(0.0)), limit))
        .toCompletableFuture();
  }
}
