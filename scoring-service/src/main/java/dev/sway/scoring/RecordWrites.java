package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.ApplyAccountsCall;
import dev.sway.store.EventIds;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import dev.sway.store.Slots;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The write round of a batch ({@link AccountStore#write}): {@code apply-accounts.lua} calls of up
 * to {@link #ACCOUNTS_PER_CALL} accounts, pipelined, each account a compare-and-set on its record's
 * version that stores the record, its new history points, its event ids and its histogram move at
 * once. A write that finds another version stored refreshes the cache with it, so a retry needs no
 * read. On a Redis Cluster a call carries one slot's accounts, and the histogram moves go through
 * the slot's {@link CalibrationJournal}.
 */
final class RecordWrites {
  /**
   * Accounts per write script call. Most of a script's cost in Redis is per call, so many accounts
   * share one; 64 keeps one call under a millisecond of Redis time.
   */
  static final int ACCOUNTS_PER_CALL = 64;

  private final RedisConnector connector;
  private final RedisClusterAsyncCommands<String, byte[]> binary;
  private final Scripts applyScript;
  private final RecordCache cache;
  private final CalibrationJournal journal;
  private final byte[] dedupTtlSeconds;
  private final BooleanSupplier foldAfterWrite;
  private final Consumer<List<? extends CompletableFuture<?>>> await;

  RecordWrites(
      RedisConnector connector,
      RecordCache cache,
      CalibrationJournal journal,
      long dedupTtlSeconds,
      BooleanSupplier foldAfterWrite,
      Consumer<List<? extends CompletableFuture<?>>> await) {
    this.connector = connector;
    this.binary = connector.binary();
    this.applyScript = Scripts.load(binary, "apply-accounts.lua");
    this.cache = cache;
    this.journal = journal;
    this.dedupTtlSeconds = Long.toString(dedupTtlSeconds).getBytes(StandardCharsets.US_ASCII);
    this.foldAfterWrite = foldAfterWrite;
    this.await = await;
  }

  /** See {@link StateStore#write}. */
  boolean[] write(List<StateStore.AccountWrite> writes) {
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
        StateStore.AccountWrite w = writes.get(i);
        script.account(
            w.member(),
            AccountRecord.header(w.expectedVersion()),
            w.record(),
            w.historyPoints(),
            w.replaceLastPoint(),
            w.oldBucket(),
            w.newBucket());
        RecordReads.byBucket(w.received())
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
    await.accept(futures);
    boolean[] stored = new boolean[writes.size()];
    Map<Integer, List<Object>> entries = new LinkedHashMap<>();
    for (int c = 0; c < calls.size(); c++) {
      List<Object> replies = futures.get(c).join();
      List<Integer> call = calls.get(c);
      for (int j = 0; j < call.size(); j++) {
        int i = call.get(j);
        Object reply = replies.get(j);
        StateStore.AccountWrite w = writes.get(i);
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
    if (cluster && foldAfterWrite.getAsBoolean()) {
      journal.fold(entries);
    }
    return stored;
  }

  private static long[] hashes(List<ModelEvent> events) {
    long[] out = new long[events.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = EventIds.hash(events.get(i).eventId());
    }
    return out;
  }
}
