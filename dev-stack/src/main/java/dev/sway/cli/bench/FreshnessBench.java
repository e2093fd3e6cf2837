package dev.sway.cli.bench;

import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Score;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Time from an ingest acknowledgement until the new score is visible through query. */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description = "Time from an ingest acknowledgement until query shows the new score.")
final class FreshnessBench implements Callable<Integer> {
  @Mixin BenchSupport.Options where;

  @Option(
      names = "--samples",
      defaultValue = "2000",
      description = "Interactions to time (default ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = "--accounts",
      defaultValue = "10000",
      description = "Population (default ${DEFAULT-VALUE}).")
  int accounts;

  @Override
  public Integer call() throws Exception {
    try (BenchSupport b = new BenchSupport(where)) {
      BenchSupport.machine(System.out);
      EventGenerator gen =
          new EventGenerator(
              accounts, new double[] {0, 0, 0, 1, 0}, 5, "fresh-" + System.nanoTime() + "-");
      Histogram visible = BenchSupport.histogram();
      Histogram ack = BenchSupport.histogram();
      for (int i = 0; i < samples; i++) {
        var event = gen.next(System.currentTimeMillis());
        GetScoreRequest get = GetScoreRequest.newBuilder().setAccount(event.getTarget()).build();
        long before = count(b, get);
        long sent = System.nanoTime();
        b.client()
            .ingest()
            .recordInteractions(
                RecordInteractionsRequest.newBuilder().addInteractions(event).build());
        long acked = System.nanoTime();
        ack.recordValue(acked - sent);
        while (count(b, get) <= before) {
          Thread.onSpinWait();
        }
        visible.recordValue(System.nanoTime() - acked);
      }
      System.out.printf(Locale.ROOT, "freshness: %,d interactions, one at a time%n", samples);
      BenchSupport.percentiles(System.out, "ingest acknowledgement", ack);
      BenchSupport.percentiles(System.out, "ack → visible in query", visible);
    }
    return 0;
  }

  private static long count(BenchSupport b, GetScoreRequest get) {
    try {
      Score s = b.client().query().getScore(get).getScore();
      return s.getInteractionCount();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return 0;
      }
      throw e;
    }
  }
}
