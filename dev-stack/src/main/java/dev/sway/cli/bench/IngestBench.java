package dev.sway.cli.bench;

import dev.sway.cli.BulkLoader;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.StreamInteractionsRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** End-to-end ingest throughput: client → ingest → scoring → Redis, acknowledged. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Acknowledged ingest throughput.")
final class IngestBench implements Callable<Integer> {
  @Mixin BenchSupport.Options where;

  @Option(
      names = "--events",
      defaultValue = "300000",
      description = "Events to send (default ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Events per batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      description = "Parallel streams (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--accounts",
      defaultValue = "100000",
      description = "Population, Zipf-distributed (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--mix",
      defaultValue = "like=50,share=20,comment=12,reply=10,mention=8",
      description = "Event mix (default ${DEFAULT-VALUE}).")
  String mix;

  @Override
  public Integer call() throws Exception {
    try (BenchSupport b = new BenchSupport(where)) {
      BenchSupport.machine(System.out);
      double[] cpu0 = b.cpuSeconds();
      Result r =
          run(
              b,
              events,
              batch,
              concurrency,
              accounts,
              EventGenerator.parseMix(mix),
              "bench-" + System.nanoTime() + "-");
      System.out.printf(
          Locale.ROOT,
          "ingest: %,d events in %,d batches of %d over %d streams, %d accounts: %.2f s, %,.0f events/s acknowledged%n",
          r.events,
          r.batches,
          batch,
          concurrency,
          accounts,
          r.seconds,
          r.events / r.seconds);
      BenchSupport.percentiles(System.out, "batch acknowledgement", r.latency);
      double[] cpu1 = b.cpuSeconds();
      if (cpu0 != null && cpu1 != null) {
        // Where the box's cores went: a Redis far from one core per master is not the limit.
        System.out.printf(
            Locale.ROOT,
            "  cpu: this process (services and load) %.2f cores, Redis masters %.2f, replicas"
                + " %.2f, of %d; per event: %.1f µs here, %.1f µs in the masters, %.1f µs in the"
                + " replicas%n",
            (cpu1[0] - cpu0[0]) / r.seconds,
            (cpu1[1] - cpu0[1]) / r.seconds,
            (cpu1[2] - cpu0[2]) / r.seconds,
            Runtime.getRuntime().availableProcessors(),
            (cpu1[0] - cpu0[0]) * 1e6 / r.events,
            (cpu1[1] - cpu0[1]) * 1e6 / r.events,
            (cpu1[2] - cpu0[2]) * 1e6 / r.events);
      }
      long memory = b.usedMemoryBytes();
      if (memory > 0) {
        try (RedisConnector redis = RedisConnector.connect(b.stack().redisUri(), 10_000)) {
          long scored = Leaderboards.of(redis).size(redis.sync(), RedisKeys.LEADERBOARD_ALL);
          System.out.printf(
              Locale.ROOT,
              "  memory: %,d bytes of data in %d master(s) (%s), %,d accounts scored: %,.0f bytes"
                  + " per scored account (every key included)%n",
              memory,
              b.masters().size(),
              b.cluster() ? "cluster" : "one Redis",
              scored,
              (double) memory / Math.max(1, scored));
        }
      }
      Double set = b.redisBenchmark("set", 50, 1, 200_000);
      if (set != null) {
        System.out.printf(
            Locale.ROOT,
            "  redis-benchmark SET -c 50 (%s): %,.0f/s; Sway events/s ÷ that = %.2f%n",
            b.cluster() ? "same cluster, --cluster" : "same Redis",
            set,
            r.events / r.seconds / set);
      }
    }
    return 0;
  }

  record Result(long events, long batches, double seconds, Histogram latency) {}

  static Result run(
      BenchSupport b,
      int events,
      int batch,
      int concurrency,
      int accounts,
      double[] mix,
      String idPrefix)
      throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong sent = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int s = 0; s < concurrency; s++) {
      final int stream = s;
      Thread t =
          new Thread(
              () -> {
                EventGenerator gen =
                    new EventGenerator(accounts, mix, 1000 + stream, idPrefix + stream + "-");
                Map<Long, Long> sentAt = new ConcurrentHashMap<>();
                Iterator<StreamInteractionsRequest> it =
                    new Iterator<>() {
                      long id;

                      @Override
                      public boolean hasNext() {
                        return sent.get() < events;
                      }

                      @Override
                      public StreamInteractionsRequest next() {
                        int n = (int) Math.min(batch, Math.max(0, events - sent.getAndAdd(batch)));
                        StreamInteractionsRequest.Builder r =
                            StreamInteractionsRequest.newBuilder().setBatchId(id);
                        long now = System.currentTimeMillis();
                        for (int i = 0; i < n; i++) {
                          r.addInteractions(gen.next(now));
                        }
                        sentAt.put(id, System.nanoTime());
                        id++;
                        return r.build();
                      }
                    };
                try {
                  BulkLoader.load(
                      b.client(),
                      it,
                      2,
                      ack -> {
                        Long at = sentAt.remove(ack.getBatchId());
                        if (at != null) {
                          recorder.recordValue(Math.min(System.nanoTime() - at, 59_000_000_000L));
                        }
                      });
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              },
              "bench-stream-" + s);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a stream failed: " + failures.get(0), failures.get(0));
    }
    Histogram h = recorder.getIntervalHistogram();
    return new Result(Math.min(events, sent.get()), h.getTotalCount(), secs, h);
  }
}
