package dev.sway.cli.bench;

import dev.sway.checks.Validator;
import dev.sway.collectors.BlueskyNetwork;
import dev.sway.collectors.CollectorConfig;
import dev.sway.collectors.CollectorProcess;
import dev.sway.collectors.IngestSink;
import dev.sway.collectors.Mapped;
import dev.sway.collectors.ReplayServer;
import dev.sway.collectors.SyntheticJetstream;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sway bench collector}: the Bluesky collector alone, on synthetic Jetstream messages. Two
 * figures: mapping (parse, map, check) on one thread, and the whole collector reading a loopback
 * WebSocket into a sink that acknowledges at once, so ingest's speed is not in the figure.
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    description =
        "The Bluesky collector alone on synthetic Jetstream messages (likes, reposts, posts with"
            + " replies, quotes, mentions and hashtags, follows): messages parsed and mapped per"
            + " second on one thread, then read from a loopback WebSocket, mapped, batched and"
            + " acknowledged by a sink that answers at once; CPU per message.")
public final class CollectorBench implements Callable<Integer> {
  @Option(
      names = "--messages",
      defaultValue = "300000",
      description = "Messages per run (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--accounts",
      defaultValue = "100000",
      description = "Accounts (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Runs; the median is reported (default ${DEFAULT-VALUE}).")
  int runs;

  @Override
  public Integer call() throws Exception {
    long startUs = System.currentTimeMillis() * 1000 - messages * 1000L;
    List<String> lines = SyntheticJetstream.generate(messages, accounts, startUs, 1000, 42);
    long bytes = lines.stream().mapToLong(String::length).sum();
    System.out.printf(
        Locale.ROOT,
        "%,d synthetic Jetstream messages, %,d accounts, %.0f bytes a message on average%n",
        messages,
        accounts,
        (double) bytes / messages);
    double[] mapRate = new double[runs];
    double[] mapCpuUs = new double[runs];
    double[] e2eRate = new double[runs];
    double[] e2eCpuUs = new double[runs];
    for (int r = 0; r < runs; r++) {
      double[] m = mapOnly(lines);
      mapRate[r] = m[0];
      mapCpuUs[r] = m[1];
      double[] e = throughSocket(lines);
      e2eRate[r] = e[0];
      e2eCpuUs[r] = e[1];
      System.out.printf(
          Locale.ROOT,
          "run %d: mapping %,.0f messages/s (%.1f µs CPU each); collector over a socket %,.0f"
              + " messages/s (%.1f µs CPU each, process)%n",
          r + 1,
          m[0],
          m[1],
          e[0],
          e[1]);
    }
    System.out.printf(
        Locale.ROOT,
        "median: mapping %,.0f messages/s, %.1f µs CPU a message; whole collector %,.0f"
            + " messages/s, %.1f µs CPU a message (the replay server's share included)%n",
        median(mapRate),
        median(mapCpuUs),
        median(e2eRate),
        median(e2eCpuUs));
    return 0;
  }

  /** Parse, map and check every message on this thread: {rate, CPU µs a message}. */
  private static double[] mapOnly(List<String> lines) {
    BlueskyNetwork net = new BlueskyNetwork("ws://127.0.0.1:1/subscribe");
    Validator validator = new Validator(Clock.systemUTC());
    var bean = ManagementFactory.getThreadMXBean();
    long cpu0 = bean.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long now = System.currentTimeMillis();
    long n = 0;
    for (String l : lines) {
      Mapped m = net.map(l, now);
      for (Interaction x : m.interactions()) {
        List<Violation> v = new ArrayList<>(0);
        validator.interactions(List.of(x), "i", v);
        n += v.size();
      }
    }
    long ns = System.nanoTime() - t0;
    long cpu = bean.getCurrentThreadCpuTime() - cpu0;
    if (n < 0) {
      throw new IllegalStateException();
    }
    return new double[] {lines.size() / (ns / 1e9), cpu / 1e3 / lines.size()};
  }

  /** The collector reading a loopback WebSocket: {rate, process CPU µs a message}. */
  private static double[] throughSocket(List<String> lines) throws Exception {
    AtomicLong acked = new AtomicLong();
    IngestSink sink =
        new IngestSink() {
          @Override
          public Ack recordInteractions(List<Interaction> interactions) {
            acked.addAndGet(interactions.size());
            return new Ack(interactions.size(), 0, 0);
          }

          @Override
          public int recordSnapshots(List<ProfileSnapshot> snapshots) {
            return snapshots.size();
          }
        };
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (ReplayServer server = new ReplayServer(lines)) {
      CollectorConfig d = CollectorConfig.defaults(null);
      CollectorConfig config =
          new CollectorConfig(
              null, 1000, 200, 4096, d.maxMessageChars(), 10_000, 60_000, 100, 1000);
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      CollectorProcess p =
          CollectorProcess.bluesky(
              server.url(), null, sink, config, new SimpleMeterRegistry(), Clock.systemUTC());
      p.start();
      while (p.collector().received() < lines.size() || p.collector().queued() > 0) {
        Thread.sleep(5);
      }
      p.close();
      long ns = System.nanoTime() - t0;
      long cpu = os.getProcessCpuTime() - cpu0;
      return new double[] {lines.size() / (ns / 1e9), cpu / 1e3 / lines.size()};
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
