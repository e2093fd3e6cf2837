package dev.sway.cli.bench;

import dev.sway.cli.BulkLoader;
import dev.sway.cli.FileBatches;
import dev.sway.cli.ingest.LineParser;
import dev.sway.store.RedisConnector;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Replays the SNAP Higgs activity log through the API and reports events per second. */
@Command(
    name = "higgs",
    mixinStandardHelpOptions = true,
    description = "Replay the Higgs Twitter activity log.")
final class HiggsBench implements Callable<Integer> {
  @Mixin BenchSupport.Options where;

  @Option(names = "--data", required = true, description = "higgs-activity_time.txt(.gz)")
  Path data;

  @Option(
      names = "--batch",
      defaultValue = "2000",
      description = "Events per batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    try (BenchSupport b = new BenchSupport(where)) {
      BenchSupport.machine(System.out);
      FileBatches batches =
          new FileBatches(
              data,
              LineParser.Format.HIGGS,
              "x",
              batch,
              0,
              new PrintStream(OutputStream.nullOutputStream()));
      long baseline = -1;
      if (b.redisPort() > 0) {
        try (RedisConnector c =
            RedisConnector.connect("redis://127.0.0.1:" + b.redisPort(), 10_000)) {
          baseline = RedisFootprint.usedMemory(c.sync());
        }
      }
      long t0 = System.nanoTime();
      BulkLoader.Totals t = BulkLoader.load(b.client(), batches, 2, r -> {});
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "higgs: %,d events accepted, %,d duplicates, %,d lines rejected (self-interactions) in %.2f s: %,.0f events/s%n",
          t.accepted.get(),
          t.duplicates.get(),
          batches.rejected(),
          secs,
          (t.accepted.get() + t.duplicates.get()) / secs);
      if (baseline >= 0) {
        RedisFootprint.print(System.out, b.redisPort(), baseline);
      } else {
        System.out.println("  (give --local or --redis-port for the Redis memory figures)");
      }
      Double set = b.redisBenchmark("SET", 50, 1, 200_000);
      if (set != null) {
        System.out.printf(
            Locale.ROOT,
            "  redis-benchmark SET -c 50 (same Redis): %,.0f/s; Sway events/s ÷ that = %.2f%n",
            set,
            (t.accepted.get() + t.duplicates.get()) / secs / set);
      }
    }
    return 0;
  }
}
