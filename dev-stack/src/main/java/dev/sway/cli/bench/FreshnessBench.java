package dev.sway.cli.bench;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Subject;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Time from an ingest acknowledgement until a {@code WatchScores} watcher of the account receives
 * the new score: scoring's write, the change feed, query's read and the stream, end to end.
 */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "Time from an ingest acknowledgement until a WatchScores watcher receives the new score.")
final class FreshnessBench implements Callable<Integer> {
  @Mixin BenchSupport.Options where;

  @Option(
      names = "--samples",
      defaultValue = "2000",
      description = "Interactions to time, one at a time (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--watched",
      defaultValue = "100",
      description =
          "Accounts one watcher follows; each sample targets one (1-100, default"
              + " ${DEFAULT-VALUE}).")
  int watched;

  @Override
  public Integer call() throws Exception {
    try (BenchSupport b = new BenchSupport(where)) {
      BenchSupport.machine(System.out);
      String run = "fresh-" + Long.toString(System.nanoTime(), 36) + "-";
      WatchScoresRequest.Builder req = WatchScoresRequest.newBuilder();
      for (int i = 0; i < watched; i++) {
        req.addSubjects(Subject.newBuilder().setAccount(account(run + "t" + i)));
      }
      BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
      ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
      b.client()
          .queryStream()
          .watchScores(
              req.build(),
              new ClientResponseObserver<WatchScoresRequest, WatchScoresResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<WatchScoresRequest> r) {
                  call[0] = r;
                }

                @Override
                public void onNext(WatchScoresResponse m) {
                  messages.add(m);
                }

                @Override
                public void onError(Throwable t) {
                  messages.add(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                  messages.add(Status.OK);
                }
              });
      for (int i = 0; i < watched; i++) {
        next(messages); // the current state: none of them is scored yet
      }
      Histogram ack = BenchSupport.histogram();
      Histogram delivered = BenchSupport.histogram();
      long[] count = new long[watched];
      for (int i = 0; i < samples; i++) {
        int t = i % watched;
        Interaction event =
            Interaction.newBuilder()
                .setEventId(run + i)
                .setType(InteractionType.INTERACTION_TYPE_SHARE)
                .setActor(account(run + "fan" + i))
                .setTarget(account(run + "t" + t))
                .setEventTime(Timestamps.fromMillis(System.currentTimeMillis()))
                .build();
        long sent = System.nanoTime();
        b.client()
            .ingest()
            .recordInteractions(
                RecordInteractionsRequest.newBuilder().addInteractions(event).build());
        long acked = System.nanoTime();
        ack.recordValue(acked - sent);
        count[t]++;
        while (true) {
          WatchScoresResponse m = next(messages);
          if (m.hasScore()
              && m.getScore().getAccount().getAccountId().equals(run + "t" + t)
              && m.getScore().getInteractionCount() >= count[t]) {
            break;
          }
        }
        delivered.recordValue(Math.max(0, System.nanoTime() - acked));
      }
      call[0].cancel("done", null);
      System.out.printf(
          Locale.ROOT,
          "freshness: %,d interactions, one at a time, %d accounts watched by one stream%n",
          samples,
          watched);
      BenchSupport.percentiles(System.out, "ingest acknowledgement", ack);
      BenchSupport.percentiles(System.out, "ack → watcher", delivered);
      Double get = b.redisBenchmark("get", 1, 1, 20_000);
      if (get != null) {
        double rttMs = 1000 / get;
        System.out.printf(
            Locale.ROOT,
            "  redis-benchmark GET -c 1 (same Redis): %,.0f/s = %.3f ms a round trip;"
                + " p99 ack → watcher = %.0f round trips%n",
            get,
            rttMs,
            delivered.getValueAtPercentile(99) / 1e6 / rttMs);
      }
    }
    return 0;
  }

  private static AccountRef account(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  private static WatchScoresResponse next(BlockingQueue<Object> messages) throws Exception {
    Object o = messages.poll(30, TimeUnit.SECONDS);
    if (o instanceof WatchScoresResponse m) {
      return m;
    }
    throw new IllegalStateException(
        o == null ? "no message from the watcher within 30 s" : "watch closed: " + o);
  }
}
