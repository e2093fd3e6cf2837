package dev.sway.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sway bench}: measured speed, like redis-benchmark. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks against running services (or --local ones), with HdrHistogram percentiles"
            + " and, when installed, redis-benchmark on the same Redis for scale.",
    subcommands = {
      IngestBench.class,
      QueryBench.class,
      FreshnessBench.class,
      HiggsBench.class,
      MemoryBench.class,
      CollectorBench.class
    })
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
