package dev.sway.cli;

import dev.sway.collectors.CollectorConfig;
import dev.sway.collectors.CollectorProcess;
import dev.sway.collectors.GrpcIngestSink;
import dev.sway.collectors.ReplayServer;
import dev.sway.collectors.SyntheticJetstream;
import dev.sway.local.LocalRedis;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.Score;
import io.grpc.InsecureChannelCredentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sway demo bluesky}: the real Bluesky collector reading a synthetic Jetstream sample from a
 * loopback WebSocket into a local stack, then the top 10. The sample is made up (no real account or
 * record), in Jetstream's format.
 */
@Command(
    name = "bluesky",
    mixinStandardHelpOptions = true,
    description =
        "Start Redis and the services locally and run the Bluesky collector on a SYNTHETIC"
            + " Jetstream sample (made-up DIDs and records in Jetstream's format, replayed from a"
            + " local WebSocket), then show the top 10. No network access.")
final class BlueskyDemoCommand implements Callable<Integer> {
  @Option(
      names = "--messages",
      defaultValue = "30000",
      description = "Messages in the sample (default ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--accounts",
      defaultValue = "2000",
      description = "Accounts in the sample (default ${DEFAULT-VALUE}).")
  int accounts;

  @Override
  public Integer call() throws Exception {
    System.out.println("Starting Redis and the three services...");
    try (LocalStack stack =
            LocalStack.start(
                LocalStack.Options.ephemeral(), LocalRedis.start(), Clock.systemUTC(), Map.of());
        SwayClient client = stack.client(30_000)) {
      // The last hour of stream time, so every event is recent.
      long nowUs = System.currentTimeMillis() * 1000;
      long stepUs = 3_600_000_000L / messages;
      List<String> sample =
          SyntheticJetstream.generate(messages, accounts, nowUs - messages * stepUs, stepUs, 7);
      System.out.printf(
          Locale.ROOT,
          "Replaying a synthetic Jetstream sample: %,d messages among %,d made-up accounts.%n",
          messages,
          accounts);
      try (ReplayServer jetstream = new ReplayServer(sample)) {
        CollectorConfig d = CollectorConfig.defaults(null);
        CollectorConfig config =
            new CollectorConfig(
                null, 1000, 200, d.queueCapacity(), d.maxMessageChars(), 10_000, 60_000, 200, 5000);
        CollectorProcess p =
            CollectorProcess.bluesky(
                jetstream.url(),
                null,
                new GrpcIngestSink(
                    stack.ingestTarget(),
                    InsecureChannelCredentials.create(),
                    stack.apiKey(),
                    10_000),
                config,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        long t0 = System.nanoTime();
        p.start();
        while (p.collector().received() < messages || p.collector().queued() > 0) {
          Thread.sleep(50);
        }
        p.close();
        System.out.printf(
            Locale.ROOT,
            "Collected in %.1f s: %s%n",
            (System.nanoTime() - t0) / 1e9,
            ConnectCommand.Common.status(p));
      }
      stack.awaitDecaySweep(30_000);
      Thread.sleep(600);
      ListLeaderboardResponse top =
          client
              .query()
              .listLeaderboard(
                  ListLeaderboardRequest.newBuilder()
                      .setPageSize(10)
                      .setNetwork("bluesky")
                      .build());
      Map<String, Score> details = Tables.details(client, top.getEntriesList());
      System.out.printf(
          "%nTop 10 of %,d scored Bluesky accounts (synthetic):%n", top.getTotalSize());
      Tables.leaderboard(System.out, top.getEntriesList(), details);
    }
    return 0;
  }
}
