package dev.sway.cli.bench;

import com.google.protobuf.util.Timestamps;
import dev.sway.cli.CliException;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Redis bytes per scored account, with a history of many days. */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description =
        "Redis bytes per scored account (INFO memory and MEMORY USAGE), with N days of history each.")
final class MemoryBench implements Callable<Integer> {
  @Mixin BenchSupport.Options where;

  @Option(
      names = "--accounts",
      defaultValue = "2000",
      description = "Accounts (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--days",
      defaultValue = "90",
      description = "Days of activity, one history point each (default ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--per-day",
      defaultValue = "2",
      description = "Interactions each account receives a day (default ${DEFAULT-VALUE}).")
  int perDay;

  @Override
  public Integer call() throws Exception {
    if (!where.local() && where.redisPort <= 0) {
      throw CliException.invalid(
          "with --remote, give --redis-port of the Redis behind the services");
    }
    try (BenchSupport b = new BenchSupport(where);
        RedisConnector redis =
            RedisConnector.connect("redis://127.0.0.1:" + b.redisPort(), 10_000)) {
      BenchSupport.machine(System.out);
      RedisClusterCommands<String, String> r = redis.sync();
      long before = usedMemory(r);
      long dbBefore = r.dbsize();
      SplittableRandom rnd = new SplittableRandom(3);
      long start = System.currentTimeMillis() - days * 86_400_000L;
      long n = 0;
      String run = "mem" + System.nanoTime() + "-";
      for (int d = 0; d < days; d++) {
        List<Interaction> batch = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
          for (int k = 0; k < perDay; k++) {
            batch.add(
                Interaction.newBuilder()
                    .setEventId(run + n++)
                    .setType(InteractionType.INTERACTION_TYPE_SHARE)
                    .setActor(
                        AccountRef.newBuilder()
                            .setNetwork("x")
                            .setAccountId("m" + otherThan(a, rnd)))
                    .setTarget(AccountRef.newBuilder().setNetwork("x").setAccountId("m" + a))
                    .setEventTime(Timestamps.fromMillis(start + d * 86_400_000L + k * 1000L))
                    .build());
            if (batch.size() == 1000) {
              b.client()
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder().addAllInteractions(batch).build());
              batch.clear();
            }
          }
        }
        if (!batch.isEmpty()) {
          b.client()
              .ingest()
              .recordInteractions(
                  RecordInteractionsRequest.newBuilder().addAllInteractions(batch).build());
        }
      }
      long after = usedMemory(r);
      System.out.printf(
          Locale.ROOT,
          "memory: %,d accounts, %d days, %,d interactions; keys %,d → %,d%n",
          accounts,
          days,
          n,
          dbBefore,
          r.dbsize());
      System.out.printf(
          Locale.ROOT,
          "  INFO used_memory grew %,d bytes: %,.0f bytes per account (%.2f KiB)%n",
          after - before,
          (after - before) / (double) accounts,
          (after - before) / (double) accounts / 1024);
      Map<String, long[]> perType = new LinkedHashMap<>();
      int sample = Math.min(accounts, 200);
      for (int a = 0; a < sample; a++) {
        String m = "x:m" + a;
        add(perType, "account record", r.memoryUsage(RedisKeys.account(m)));
        add(perType, "history", r.memoryUsage(RedisKeys.history(m)));
      }
      for (int a = 0; a < sample; a++) {
        for (String key : r.keys(RedisKeys.eventPattern("x:m" + a))) {
          add(perType, "de-duplication ids", r.memoryUsage(key));
        }
      }
      // Leaderboards are shared keys: their size divided by the accounts they rank.
      long boards = 0;
      for (String key : List.of(RedisKeys.LEADERBOARD_ALL, RedisKeys.networkLeaderboard("x"))) {
        Long used = r.memoryUsage(key);
        boards += used == null ? 0 : used;
      }
      perType.put(
          "leaderboards (share)",
          new long[] {boards * sample / Math.max(1, r.zcard(RedisKeys.LEADERBOARD_ALL))});
      perType.forEach(
          (k, v) ->
              System.out.printf(
                  Locale.ROOT,
                  "  MEMORY USAGE %-24s %,8.0f bytes per account%n",
                  k,
                  v[0] / (double) sample));
    }
    return 0;
  }

  private int otherThan(int a, SplittableRandom rnd) {
    int x = rnd.nextInt(accounts - 1);
    return x >= a ? x + 1 : x;
  }

  private static void add(Map<String, long[]> m, String k, Long v) {
    m.computeIfAbsent(k, x -> new long[1])[0] += v == null ? 0 : v;
  }

  private static long usedMemory(RedisClusterCommands<String, String> r) {
    for (String line : r.info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO");
  }
}
