package dev.sway.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.grpc.Status;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batching reader against a real Redis (and a real Redis Cluster): values land with the read
 * that asked for them whatever the interleaving, missing keys read as null, reads queued behind a
 * batch leave together, and Redis's errors and timeouts reach each read as the API's statuses.
 */
class RecordBatcherTest {
  static LocalRedis redis;
  static RedisConnector connector;

  @BeforeAll
  static void start() throws Exception {
    redis = LocalRedis.start();
    connector = RedisConnector.connect(redis.uri(), 5000);
    for (int i = 0; i < 500; i++) {
      connector.sync().set(RedisKeys.account("x:u" + i), "v" + i);
    }
  }

  @AfterAll
  static void stop() {
    connector.close();
    redis.close();
  }

  /** A read that completes a future with its values. */
  static final class Probe extends RecordBatcher.Read {
    final CompletableFuture<byte[][]> result = new CompletableFuture<>();

    Probe(String... keys) {
      super(keys);
    }

    @Override
    void done(Throwable error) {
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(values);
      }
    }

    List<String> texts() throws Exception {
      List<String> out = new ArrayList<>();
      for (byte[] v : result.get(30, TimeUnit.SECONDS)) {
        out.add(v == null ? null : new String(v, StandardCharsets.UTF_8));
      }
      return out;
    }

    Throwable error() {
      return result.handle((v, e) -> e).join();
    }
  }

  static RecordBatcher batcher(RedisConnector c, boolean cluster, int maxQueued) {
    return new RecordBatcher(c.dedicatedBinary(), cluster, maxQueued, 1);
  }

  @Test
  void manyConcurrentReadsEachGetTheirOwnValues() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (RecordBatcher b = batcher(connector, false, 100_000)) {
      List<Probe> probes = new ArrayList<>();
      List<CompletableFuture<?>> submitted = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<Probe> mine = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          int k = (i * 7 + t * 13) % 600; // keys 500-599 do not exist
          mine.add(
              i % 5 == 0
                  ? new Probe(RedisKeys.account("x:u" + k), RedisKeys.account("x:u" + (k + 1)))
                  : new Probe(RedisKeys.account("x:u" + k)));
        }
        probes.addAll(mine);
        submitted.add(
            CompletableFuture.runAsync(
                () -> mine.forEach(p -> assertThat(b.submit(p)).isTrue()), threads));
      }
      CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
      for (Probe p : probes) {
        List<String> expected = new ArrayList<>();
        for (String key : p.keys) {
          int k = Integer.parseInt(key.substring(key.indexOf("x:u") + 3, key.length() - 1));
          expected.add(k < 500 ? "v" + k : null);
        }
        assertThat(p.texts()).containsExactlyElementsOf(expected);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void readsQueuedBehindABatchLeaveAsOneMgetAndAFullQueueRefuses() throws Exception {
    try (RecordBatcher b = batcher(connector, false, 100)) {
      redis.command("CONFIG RESETSTAT");
      // Redis holds every command for a while: the first read's batch stays out meanwhile.
      redis.command("CLIENT PAUSE 1500 ALL");
      Probe first = new Probe(RedisKeys.account("x:u1"));
      assertThat(b.submit(first)).isTrue();
      List<Probe> queued = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Probe p = new Probe(RedisKeys.account("x:u" + (i + 2)));
        queued.add(p);
        assertThat(b.submit(p)).isTrue();
      }
      // 100 keys queued is the bound: one more is refused, not buffered.
      assertThat(b.submit(new Probe(RedisKeys.account("x:u0")))).isFalse();
      assertThat(first.texts()).containsExactly("v1");
      for (int i = 0; i < 100; i++) {
        assertThat(queued.get(i).texts()).containsExactly("v" + (i + 2));
      }
      assertThat(stat(redis, "mget")).isEqualTo(2);
      assertThat(stat(redis, "get")).isZero();
    }
  }

  @Test
  void aMissingKeyReadsAsNull() throws Exception {
    try (RecordBatcher b = batcher(connector, false, 100)) {
      Probe p = new Probe(RedisKeys.account("x:nobody"));
      assertThat(b.submit(p)).isTrue();
      assertThat(p.texts()).containsExactly((String) null);
    }
  }

  @Test
  void aRedisErrorReachesEveryReadAsUnavailable() throws Exception {
    try (RecordBatcher b = batcher(connector, false, 100)) {
      // A real error reply: the default user may no longer run MGET.
      redis.command("ACL SETUSER default -mget");
      try {
        Probe p = new Probe(RedisKeys.account("x:u1"), RedisKeys.account("x:u2"));
        assertThat(b.submit(p)).isTrue();
        Throwable e = p.error();
        assertThat(e).isInstanceOf(RedisCommandExecutionException.class);
        Counter errors = Counter.builder("e").register(new SimpleMeterRegistry());
        assertThat(new ReadFailures(errors).status(e).getStatus().getCode())
            .isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(errors.count()).isEqualTo(1.0);
      } finally {
        redis.command("ACL SETUSER default +@all");
      }
      Probe again = new Probe(RedisKeys.account("x:u1"));
      assertThat(b.submit(again)).isTrue();
      assertThat(again.texts()).containsExactly("v1");
    }
  }

  @Test
  void aTimedOutBatchEndsEachReadWithTheTimeout() throws Exception {
    try (RedisConnector impatient = RedisConnector.connect(redis.uri(), 200);
        RecordBatcher b = batcher(impatient, false, 100)) {
      redis.command("CLIENT PAUSE 1500 ALL");
      Probe first = new Probe(RedisKeys.account("x:u1"));
      Probe queued = new Probe(RedisKeys.account("x:u2"));
      assertThat(b.submit(first)).isTrue();
      assertThat(b.submit(queued)).isTrue();
      assertThat(first.error()).isInstanceOf(RedisCommandTimeoutException.class);
      Counter errors = Counter.builder("e").register(new SimpleMeterRegistry());
      assertThat(new ReadFailures(errors).status(first.error()).getStatus().getCode())
          .isEqualTo(Status.Code.UNAVAILABLE);
      // The read queued behind it left when the first batch ended, and was answered too.
      assertThat(queued.result.handle((v, e) -> true).get(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void onAClusterEachSlotIsOneMgetAndValuesKeepTheirOrder() throws Exception {
    try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 0);
        RedisConnector c = RedisConnector.connect(cluster.uri(), 5000);
        RecordBatcher b = batcher(c, true, 10_000)) {
      List<String> keys = new ArrayList<>();
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        String m = "x:c" + i;
        c.sync().set(RedisKeys.account(m), "a" + i);
        c.sync().set(RedisKeys.history(m), "h" + i);
        // An account's keys share its hash tag: the record and the history go in one MGET.
        keys.add(RedisKeys.account(m));
        keys.add(RedisKeys.history(m));
        slots.add(SlotHash.getSlot(RedisKeys.account(m)));
      }
      keys.add(RedisKeys.account("x:missing"));
      slots.add(SlotHash.getSlot(RedisKeys.account("x:missing")));
      for (LocalRedis m : cluster.masters()) {
        m.command("CONFIG RESETSTAT");
      }
      Probe p = new Probe(keys.toArray(String[]::new));
      assertThat(b.submit(p)).isTrue();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        expected.add("a" + i);
        expected.add("h" + i);
      }
      expected.add(null);
      assertThat(p.texts()).containsExactlyElementsOf(expected);
      long mgets = 0;
      for (LocalRedis m : cluster.masters()) {
        mgets += stat(m, "mget");
      }
      assertThat(mgets).isEqualTo(slots.size());
    }
  }

  /** Calls of a command since the last CONFIG RESETSTAT ({@code INFO commandstats}). */
  static long stat(LocalRedis node, String command) throws Exception {
    for (String line : node.command("INFO commandstats").split("\r\n")) {
      if (line.startsWith("cmdstat_" + command + ":calls=")) {
        String rest = line.substring(("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
      }
    }
    return 0;
  }
}
