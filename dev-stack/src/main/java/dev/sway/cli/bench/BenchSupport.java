package dev.sway.cli.bench;

import dev.sway.cli.CliException;
import dev.sway.cli.ExitCode;
import dev.sway.cli.LocalStack;
import dev.sway.cli.SwayClient;
import dev.sway.local.LocalRedis;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Option;

/** What every benchmark shares: where the services are (or starting them), and reporting. */
public final class BenchSupport implements AutoCloseable {
  /** Options common to every benchmark. */
  public static final class Options {
    @Option(
        names = "--local",
        description =
            "Start Redis and the services in this process first (the default; kept so that older"
                + " command lines still work).")
    boolean localFlag;

    @Option(
        names = "--remote",
        description =
            "Run against the services at --ingest and --target instead of local ones. The"
                + " benchmark WRITES synthetic accounts into them (they then rank beside real"
                + " ones), so use it only on a stack meant for benchmarks.")
    boolean remote;

    /** Whether the benchmark starts its own stack: always, unless --remote says otherwise. */
    boolean local() {
      if (remote && localFlag) {
        throw new CliException(ExitCode.USAGE, "give --local or --remote, not both");
      }
      return !remote;
    }

    @Option(
        names = "--ingest",
        defaultValue = "${env:SWAY_INGEST_TARGET:-127.0.0.1:50051}",
        description = "Ingest address with --remote (default ${DEFAULT-VALUE}).")
    String ingest;

    @Option(
        names = "--target",
        defaultValue = "${env:SWAY_QUERY_TARGET:-127.0.0.1:50053}",
        description = "Query address with --remote (default ${DEFAULT-VALUE}).")
    String query;

    @Option(
        names = "--api-key",
        defaultValue = "${env:SWAY_API_KEY:-}",
        description = "API key with --remote.")
    String apiKey;

    @Option(
        names = "--redis-cluster",
        description =
            "With --local: run on a local Redis Cluster of three masters and three replicas (and"
                + " measure redis-benchmark --cluster on it).")
    boolean redisCluster;

    @Option(
        names = "--redis-port",
        defaultValue = "0",
        description =
            "Port of the Redis behind the services, for redis-benchmark and memory figures"
                + " (with --local it is known).")
    int redisPort;
  }

  private final LocalStack stack;
  private final SwayClient client;
  private final int redisPort;
  private final boolean cluster;

  public BenchSupport(Options o) throws Exception {
    LocalStack.Options local = new LocalStack.Options(0, 0, 0, false, 60_000);
    this.stack =
        !o.local()
            ? null
            : o.redisCluster
                ? LocalStack.startOnCluster(local, Clock.systemUTC(), Map.of())
                : LocalStack.start(local);
    this.cluster = stack != null && stack.cluster() != null;
    this.client =
        stack != null ? stack.client(60_000) : new SwayClient(o.ingest, o.query, 60_000, o.apiKey);
    this.redisPort = stack != null ? stack.redis().port() : o.redisPort;
    if (stack == null) {
      System.err.println(
          "--remote: writing synthetic accounts into the services at "
              + o.ingest
              + " and "
              + o.query);
    }
  }

  public SwayClient client() {
    return client;
  }

  /**
   * CPU seconds used so far by this process (the services and the load, with --local), by the local
   * Redis masters and by their replicas (INFO's used_cpu_user + used_cpu_sys, summed), or null
   * without --local. Their differences over a run say where a box's cores went.
   */
  public double[] cpuSeconds() {
    if (stack == null) {
      return null;
    }
    try {
      double masters = 0;
      for (LocalRedis n : masters()) {
        masters += info(n, "used_cpu_user") + info(n, "used_cpu_sys");
      }
      double replicas = 0;
      for (LocalRedis n : cluster ? stack.cluster().replicas() : List.<LocalRedis>of()) {
        replicas += info(n, "used_cpu_user") + info(n, "used_cpu_sys");
      }
      var os = ManagementFactory.getOperatingSystemMXBean();
      double jvm =
          os instanceof com.sun.management.OperatingSystemMXBean sun
              ? sun.getProcessCpuTime() / 1e9
              : Double.NaN;
      return new double[] {jvm, masters, replicas};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Memory the local Redis masters' data uses (INFO's used_memory_dataset: without each server's
   * start-up allocation, replication backlog and client buffers), summed, or -1.
   */
  public long usedMemoryBytes() {
    if (stack == null) {
      return -1;
    }
    try {
      long bytes = 0;
      for (LocalRedis n : masters()) {
        bytes += (long) info(n, "used_memory_dataset");
      }
      return bytes;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The local stack's Redis masters (its one Redis when not a cluster). */
  public List<LocalRedis> masters() {
    return cluster ? stack.cluster().masters() : List.of(stack.redis());
  }

  private static double info(LocalRedis node, String field) throws IOException {
    for (String line : node.command("INFO").split("\\r\\n")) {
      if (line.startsWith(field + ":")) {
        return Double.parseDouble(line.substring(field.length() + 1).trim());
      }
    }
    throw new IllegalStateException("no " + field + " in INFO");
  }

  /** Whether the local stack runs on a Redis Cluster. */
  public boolean cluster() {
    return cluster;
  }

  public int redisPort() {
    return redisPort;
  }

  public LocalStack stack() {
    return stack;
  }

  /** Prints the machine the figures come from. */
  public static void machine(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "machine: %d cores, Java %s, %s %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  /** A latency histogram from 1 µs to 60 s, 3 significant digits. */
  public static Histogram histogram() {
    return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
  }

  public static void percentiles(PrintStream out, String label, Histogram h) {
    out.printf(
        Locale.ROOT,
        "  %-28s n=%,d  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms%n",
        label,
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6);
  }

  /**
   * Runs {@code redis-benchmark} against the same Redis when it is installed and returns its
   * requests per second for each test, or null when it cannot run.
   */
  public Double redisBenchmark(String test, int clients, int pipeline, int requests) {
    if (redisPort <= 0 || !onPath("redis-benchmark")) {
      return null;
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "redis-benchmark",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(redisPort),
                "-c",
                Integer.toString(clients),
                "-n",
                Integer.toString(requests),
                "-P",
                Integer.toString(pipeline),
                "-t",
                test,
                "-q",
                "--csv"));
    if (cluster) {
      // Spread over every master, as the services' commands are.
      cmd.add("--cluster");
    }
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Double rps = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.replace("\"", "").split(",");
          if (f.length >= 2 && f[0].equalsIgnoreCase(test)) {
            rps = Double.parseDouble(f[1]);
          }
        }
      }
      p.waitFor(120, TimeUnit.SECONDS);
      return rps;
    } catch (Exception e) {
      return null;
    }
  }

  static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (new File(d, exe).canExecute()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    client.close();
    if (stack != null) {
      stack.close();
    }
  }
}
