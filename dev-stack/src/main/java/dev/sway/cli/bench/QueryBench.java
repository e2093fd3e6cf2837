package dev.sway.cli.bench;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.QueryServiceGrpc;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Query latency and throughput, flat out and at a fixed rate. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description =
        "GetScore, BatchGetScores (10 and 100) and ListLeaderboard: throughput and p50/p99/p99.9"
            + " flat out; GetScore at --rate, and GetScore and BatchGetScores x10 at half of the"
            + " peak each reached flat out in the same run.")
final class QueryBench implements Callable<Integer> {
  @Mixin BenchSupport.Options where;

  @Option(
      names = "--preload",
      defaultValue = "20000",
      description = "Accounts to create first (0: use what is there; default ${DEFAULT-VALUE}).")
  int preload;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Seconds per scenario (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      description = "Calls in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description =
          "Calls per second of the first fixed-rate GetScore run (default ${DEFAULT-VALUE}; the"
              + " half-peak runs follow from the flat-out figures).")
  int rate;

  @Override
  public Integer call() throws Exception {
    try (BenchSupport b = new BenchSupport(where)) {
      BenchSupport.machine(System.out);
      int population = preload > 0 ? preload : 20_000;
      if (preload > 0) {
        IngestBench.run(
            b,
            preload * 3,
            1000,
            2,
            preload,
            new double[] {5, 1, 1, 2, 1},
            "qpre-" + System.nanoTime() + "-");
      }
      EventGenerator accounts = new EventGenerator(population, new double[] {1, 0, 0, 0, 0}, 7, "");
      QueryServiceGrpc.QueryServiceFutureStub stub = b.client().queryAsync();
      System.out.printf(
          Locale.ROOT,
          "query: %d s per scenario, %d calls in flight, %,d accounts%n",
          seconds,
          concurrency,
          population);
      // Warm-up: the JIT compiles the paths on both sides before anything is measured.
      int measured = seconds;
      seconds = Math.max(3, seconds / 2);
      flatOut("warm-up (not a result)", c -> getScore(stub, accounts));
      flatOut(
          "warm-up (not a result)",
          c -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).batchGetScores(batch(accounts, 10)));
      seconds = measured;
      double getQps = flatOut("GetScore", c -> getScore(stub, accounts));
      double batchQps =
          flatOut(
              "BatchGetScores x10",
              c -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).batchGetScores(batch(accounts, 10)));
      flatOut(
          "BatchGetScores x100",
          c -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).batchGetScores(batch(accounts, 100)));
      flatOut(
          "ListLeaderboard (50)",
          c ->
              stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                  .listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(50).build()));
      fixedRate("GetScore at " + rate + "/s", rate, () -> getScore(stub, accounts));
      // Half of the peak: the latency a service sized with headroom for bursts shows.
      int half = (int) Math.max(1, getQps / 2);
      fixedRate("GetScore at half peak " + half + "/s", half, () -> getScore(stub, accounts));
      int halfBatch = (int) Math.max(1, batchQps / 2);
      fixedRate(
          "BatchGetScores x10 at half peak " + halfBatch + "/s",
          halfBatch,
          () -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).batchGetScores(batch(accounts, 10)));
      Double get = b.redisBenchmark("get", concurrency, 1, 500_000);
      if (get != null) {
        System.out.printf(
            Locale.ROOT,
            "  redis-benchmark GET -c %d (same Redis): %,.0f/s; GetScore ÷ GET = %.2f%n",
            concurrency,
            get,
            getQps / get);
      } else {
        System.out.println("  (redis-benchmark not installed: no Redis reference figure)");
      }
    }
    return 0;
  }

  private static ListenableFuture<?> getScore(
      QueryServiceGrpc.QueryServiceFutureStub stub, EventGenerator accounts) {
    return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
        .getScore(
            GetScoreRequest.newBuilder()
                .setAccount(accounts.account(accounts.randomTarget()))
                .build());
  }

  private static BatchGetScoresRequest batch(EventGenerator accounts, int n) {
    BatchGetScoresRequest.Builder r = BatchGetScoresRequest.newBuilder();
    for (int i = 0; i < n; i++) {
      r.addAccounts(accounts.account(accounts.randomTarget()));
    }
    return r.build();
  }

  /** Runs calls with {@code concurrency} in flight for the duration; returns calls per second. */
  private double flatOut(String label, Function<Integer, ListenableFuture<?>> call)
      throws InterruptedException {
    Recorder rec = new Recorder(3);
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long t0 = System.nanoTime();
    long n = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long start = System.nanoTime();
      Futures.addCallback(
          call.apply(0),
          new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object r) {
              rec.recordValue(System.nanoTime() - start);
              inFlight.release();
            }

            @Override
            public void onFailure(Throwable t) {
              // NOT_FOUND is a complete answer (an account never scored), not an error.
              if (Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND) {
                rec.recordValue(System.nanoTime() - start);
              } else {
                errors.incrementAndGet();
              }
              inFlight.release();
            }
          },
          MoreExecutors.directExecutor());
      n++;
    }
    inFlight.acquire(concurrency);
    double secs = (System.nanoTime() - t0) / 1e9;
    Histogram h = rec.getIntervalHistogram();
    System.out.printf(
        Locale.ROOT, "  %-28s %,10.0f calls/s  errors %d%n", label, n / secs, errors.get());
    BenchSupport.percentiles(System.out, label, h);
    return n / secs;
  }

  /**
   * Calls at a fixed rate for the duration; latency counted from each call's intended start (no
   * coordinated omission: a call that could not start on time because the service fell behind is
   * late by that much).
   */
  private void fixedRate(String label, int callsPerSecond, Supplier<ListenableFuture<?>> call)
      throws InterruptedException {
    Recorder rec = new Recorder(3);
    long intervalNs = 1_000_000_000L / callsPerSecond;
    long t0 = System.nanoTime();
    long total = (long) callsPerSecond * seconds;
    Semaphore inFlight = new Semaphore(concurrency * 4);
    AtomicLong errors = new AtomicLong();
    for (long i = 0; i < total; i++) {
      long intended = t0 + i * intervalNs;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      inFlight.acquire();
      Futures.addCallback(
          call.get(),
          new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object r) {
              rec.recordValue(Math.min(System.nanoTime() - intended, 59_000_000_000L));
              inFlight.release();
            }

            @Override
            public void onFailure(Throwable t) {
              if (Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND) {
                rec.recordValue(Math.min(System.nanoTime() - intended, 59_000_000_000L));
              } else {
                errors.incrementAndGet();
              }
              inFlight.release();
            }
          },
          MoreExecutors.directExecutor());
    }
    inFlight.acquire(concurrency * 4);
    BenchSupport.percentiles(System.out, label, rec.getIntervalHistogram());
    if (errors.get() > 0) {
      System.out.printf(Locale.ROOT, "  %-28s errors %d%n", label, errors.get());
    }
  }
}
