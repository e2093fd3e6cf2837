package dev.sway.cli;

import com.google.protobuf.util.Timestamps;
import dev.sway.local.LocalRedis;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.ListMoversResponse;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.Score;
import dev.sway.v1.StreamInteractionsRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sway demo}: starts everything locally, loads a generated network through the public API,
 * and shows the leaderboard and how the planted gamers fared.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start Redis and the services locally, ingest a generated network, show the top 10."
            + " 'sway demo bluesky' runs the Bluesky collector on a synthetic Jetstream sample.",
    subcommands = {BlueskyDemoCommand.class})
final class DemoCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin ServiceSettings serviceSettings;

  @Option(
      names = "--accounts",
      defaultValue = "3000",
      description = "Ordinary accounts (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--events",
      defaultValue = "60000",
      description = "Ordinary interactions (default ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--keep-running",
      description = "Leave the services up after the demo (Ctrl-C stops).")
  boolean keepRunning;

  @Override
  public Integer call() throws Exception {
    System.out.println("Starting Redis and the three services...");
    try (LocalStack stack =
            LocalStack.start(
                LocalStack.Options.ephemeral(),
                LocalRedis.start(),
                Clock.systemUTC(),
                serviceSettings.resolve(System.getenv()));
        SwayClient client = stack.client(30_000)) {
      System.out.printf(
          "  redis %s, ingest %s, query %s%n",
          stack.redis().uri(), stack.ingestTarget(), stack.queryTarget());
      SyntheticNetwork net =
          SyntheticNetwork.generate(accounts, events, true, seed, System.currentTimeMillis());
      System.out.printf(
          Locale.ROOT,
          "Generated %,d snapshots and %,d interactions among %,d accounts.%n",
          net.snapshots.size(),
          net.interactions.size(),
          accounts);
      long t0 = System.nanoTime();
      BulkLoader.Totals totals =
          BulkLoader.load(client, batches(net.snapshots, net.interactions, 1000), 8, r -> {});
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "Ingested through the API in %.1f s: %,d accepted, %,d duplicates, %,d snapshots (%,.0f events/s).%n",
          secs,
          totals.accepted.get(),
          totals.duplicates.get(),
          totals.snapshots.get(),
          (totals.accepted.get() + totals.snapshots.get()) / secs);
      // Idle accounts decay to today's end before they are shown, and query re-reads the
      // population.
      stack.awaitDecaySweep(30_000);
      Thread.sleep(600);

      ListLeaderboardResponse top =
          client
              .query()
              .listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(10).build());
      Map<String, Score> details = Tables.details(client, top.getEntriesList());
      System.out.printf("%nTop 10 of %,d scored accounts:%n", top.getTotalSize());
      Tables.leaderboard(System.out, top.getEntriesList(), details);
      ListMoversResponse risers =
          client
              .query()
              .listMovers(ListMoversRequest.newBuilder().setWindowDays(7).setPageSize(5).build());
      System.out.println("\nThis week's top risers (sway movers):");
      if (risers.getMoversCount() == 0) {
        System.out.println("  none yet: no account has a score 7 days old and higher now");
      } else {
        Tables.movers(System.out, risers.getMoversList(), 7);
      }

      Score best =
          details.get(
              top.getEntries(0).getAccount().getNetwork()
                  + ":"
                  + top.getEntries(0).getAccount().getAccountId());
      System.out.println();
      Tables.score(System.out, best);
      System.out.println("\nWhy (sway explain):");
      client
          .query()
          .explainScore(
              ExplainScoreRequest.newBuilder().setAccount(best.getAccount()).setTopN(3).build())
          .getSummaryList()
          .forEach(line -> System.out.println("  " + line));
      System.out.println("\nIts last 30 days (sway history):");
      GetScoreHistoryResponse h =
          client
              .query()
              .getScoreHistory(
                  GetScoreHistoryRequest.newBuilder().setAccount(best.getAccount()).build());
      h =
          h.toBuilder()
              .clearPoints()
              .addAllPoints(
                  h.getPointsList()
                      .subList(Math.max(0, h.getPointsCount() - 30), h.getPointsCount()))
              .build();
      Charts.history(System.out, h.getPointsList(), 60);
      System.out.printf(
          Locale.ROOT,
          "change: 1 day %s, 7 days %s, 30 days %s%n",
          HistoryCommand.change(h.hasDelta1D(), h.getDelta1D()),
          HistoryCommand.change(h.hasDelta7D(), h.getDelta7D()),
          HistoryCommand.change(h.hasDelta30D(), h.getDelta30D()));

      System.out.println(
          "\nAccounts that tried to game their score (their reach comes from real followers;"
              + " the gaming itself earns little amplification or authority):");
      System.out.printf(
          "  %-20s %5s %5s %6s %6s %6s %9s%n",
          "account", "score", "pctl", "reach", "ampl", "auth", "received");
      for (String[] g : net.gamers) {
        String[] p = g[0].split(":", 2);
        Score s =
            client
                .query()
                .getScore(
                    GetScoreRequest.newBuilder()
                        .setAccount(AccountRef.newBuilder().setNetwork(p[0]).setAccountId(p[1]))
                        .build())
                .getScore();
        System.out.printf(
            Locale.ROOT,
            "  %-20s %5.1f %5.1f %6.1f %6.1f %6.1f %9d  %s%n",
            g[0],
            s.getScore(),
            s.getPercentile(),
            s.getComponents().getReach(),
            s.getComponents().getAmplification(),
            s.getComponents().getAuthority(),
            s.getInteractionCount(),
            g[1]);
      }
      if (!top.getEntriesList().isEmpty() && keepRunning) {
        AccountRef first = top.getEntries(0).getAccount();
        System.out.printf(
            "%nThe web page, on the top account: %s/#key=%s&account=%s:%s%n",
            stack.httpAddress(), stack.apiKey(), first.getNetwork(), first.getAccountId());
      } else if (!top.getEntriesList().isEmpty()) {
        // No link to a stack that stops as this command ends: it would open on nothing.
        System.out.printf(
            "%nThis demo's stack stops now; run sway demo --keep-running to open its web page.%n");
      }
      if (keepRunning) {
        // Ctrl-C (or a TERM) ends the JVM without leaving this block: the stack closes on exit.
        CountDownLatch stopped = stack.closeOnExit();
        System.out.println("\nServices stay up; press Ctrl-C to stop.");
        stopped.await();
      }
    }
    return 0;
  }

  /** A snapshot or an interaction, at its time. */
  private record Timed(long timeMs, ProfileSnapshot snapshot, Interaction interaction) {}

  /** Snapshots and interactions merged in time order, in batches of {@code size}. */
  static Iterator<StreamInteractionsRequest> batches(
      List<ProfileSnapshot> snaps, List<Interaction> events, int size) {
    List<Timed> all = new ArrayList<>(snaps.size() + events.size());
    snaps.forEach(x -> all.add(new Timed(Timestamps.toMillis(x.getObserveTime()), x, null)));
    events.forEach(x -> all.add(new Timed(Timestamps.toMillis(x.getEventTime()), null, x)));
    all.sort(Comparator.comparingLong(Timed::timeMs));
    List<StreamInteractionsRequest> out = new ArrayList<>();
    StreamInteractionsRequest.Builder b = StreamInteractionsRequest.newBuilder();
    for (Timed x : all) {
      if (x.snapshot() != null) {
        b.addSnapshots(x.snapshot());
      } else {
        b.addInteractions(x.interaction());
      }
      if (b.getSnapshotsCount() + b.getInteractionsCount() == size) {
        out.add(b.setBatchId(out.size()).build());
        b = StreamInteractionsRequest.newBuilder();
      }
    }
    if (b.getSnapshotsCount() + b.getInteractionsCount() > 0) {
      out.add(b.setBatchId(out.size()).build());
    }
    return out.iterator();
  }
}
