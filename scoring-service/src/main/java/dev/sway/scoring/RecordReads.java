package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.EventIds;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.store.Scripts;
import dev.sway.store.Slots;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The read round of a batch ({@link AccountStore#read}): {@code read-records.lua} calls that return
 * each touched account's record, or for one in the {@link RecordCache} only confirm that the cached
 * copy is the stored one (its 9-byte header compared in Redis), and {@code check-events.lua} calls
 * that look the ids of the events each target receives up in its de-duplication sets.
 *
 * <p>The confirmation stays although every write checks the version again: a batch computes each
 * account from the others' records too (an engager's daily count and score on its target's side),
 * and a target whose write is stored must not have been computed from a stale engager. Only an
 * owner of every account of a batch could skip it.
 */
final class RecordReads {
  private static final byte[] UNKNOWN = {'?'};

  /** De-duplication sets checked per check-events.lua call. */
  static final int CHECKS_PER_CALL = 128;

  /** Records per read-records.lua call. */
  static final int KEYS_PER_READ = 128;

  private final RedisConnector connector;
  private final RedisClusterAsyncCommands<String, byte[]> binary;
  private final Scripts readScript;
  private final Scripts checkScript;
  private final RecordCache cache;
  private final Consumer<List<? extends CompletableFuture<?>>> await;

  RecordReads(
      RedisConnector connector,
      RecordCache cache,
      Consumer<List<? extends CompletableFuture<?>>> await) {
    this.connector = connector;
    this.binary = connector.binary();
    this.readScript = Scripts.load(binary, "read-records.lua");
    this.checkScript = Scripts.load(binary, "check-events.lua");
    this.cache = cache;
    this.await = await;
  }

  /** See {@link StateStore#read}. */
  StateStore.Reads read(
      Collection<String> members, Map<String, List<ModelEvent>> receivedByTarget) {
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
    await.accept(all);
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
    return new StateStore.Reads(records, duplicates);
  }

  /** A target's events by the de-duplication set (event-time bucket) their ids go to. */
  static Map<Long, List<ModelEvent>> byBucket(List<ModelEvent> events) {
    Map<Long, List<ModelEvent>> out = new LinkedHashMap<>();
    for (ModelEvent e : events) {
      out.computeIfAbsent(RedisKeys.eventBucket(e.timeMs()), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
