package dev.sway.cli.bench;

import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Sway's data costs in Redis: {@code INFO memory}'s {@code used_memory} per scored account,
 * and {@code MEMORY USAGE} of every key summed by kind (record, history, de-duplication ids,
 * leaderboards, the rest). A scored account is one on the global leaderboard.
 */
final class RedisFootprint {
  private RedisFootprint() {}

  static long usedMemory(RedisClusterCommands<String, String> r) {
    for (String line : r.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO");
  }

  /**
   * Prints the footprint of the Redis on {@code port}; {@code baselineBytes} is used_memory before
   * the load.
   */
  static void print(PrintStream out, int port, long baselineBytes) {
    try (RedisConnector c = RedisConnector.connect("redis://127.0.0.1:" + port, 60_000)) {
      RedisClusterCommands<String, String> r = c.sync();
      RedisClusterAsyncCommands<String, String> async = c.async();
      long used = usedMemory(r);
      long scored = r.zcard(RedisKeys.LEADERBOARD_ALL);
      Map<String, long[]> kinds = new LinkedHashMap<>();
      for (String k :
          List.of(
              "account records", "history series", "de-duplication ids", "leaderboards", "other")) {
        kinds.put(k, new long[2]);
      }
      ScanCursor cursor = ScanCursor.INITIAL;
      ScanArgs args = ScanArgs.Builder.limit(2000);
      do {
        KeyScanCursor<String> page = r.scan(cursor, args);
        List<RedisFuture<Long>> sizes = new ArrayList<>(page.getKeys().size());
        for (String key : page.getKeys()) {
          sizes.add(async.memoryUsage(key));
        }
        for (int i = 0; i < sizes.size(); i++) {
          long[] k = kinds.get(kind(page.getKeys().get(i)));
          Long v = sizes.get(i).toCompletableFuture().join();
          k[0]++;
          k[1] += v == null ? 0 : v;
        }
        cursor = page;
      } while (!cursor.isFinished());
      long keys = kinds.values().stream().mapToLong(k -> k[0]).sum();
      out.printf(
          Locale.ROOT,
          "redis memory: used_memory %,d bytes (%,d above the empty server) for %,d scored accounts"
              + " and %,d keys: %,.0f bytes per scored account%n",
          used,
          used - baselineBytes,
          scored,
          keys,
          scored == 0 ? 0.0 : (used - baselineBytes) / (double) scored);
      kinds.forEach(
          (k, v) ->
              out.printf(
                  Locale.ROOT,
                  "  %-20s %,9d keys  %,13d bytes  %,7.0f bytes per scored account%n",
                  k,
                  v[0],
                  v[1],
                  scored == 0 ? 0.0 : v[1] / (double) scored));
    }
  }

  private static String kind(String key) {
    if (key.startsWith("sway:a:")) {
      return "account records";
    } else if (key.startsWith("sway:h:")) {
      return "history series";
    } else if (key.startsWith("sway:e:")) {
      return "de-duplication ids";
    } else if (key.startsWith("sway:lb:")) {
      return "leaderboards";
    }
    return "other";
  }
}
