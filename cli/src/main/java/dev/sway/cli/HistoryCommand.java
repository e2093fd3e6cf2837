package dev.sway.cli;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.Subject;
import dev.sway.v1.Trend;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sway history NETWORK:ACCOUNT}. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Show an account's (or a person's) daily score as a chart, with its 1-, 7- and 30-day"
            + " changes.")
final class HistoryCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NETWORK:ACCOUNT", arity = "0..1")
  String account;

  @Option(names = "--person", description = "A person's history (its linked accounts combined).")
  String person;

  @Option(
      names = "--days",
      defaultValue = "90",
      description = "Days back from the latest (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--until", description = "Last day, YYYY-MM-DD (default today).")
  String until;

  @Option(names = "--json", description = "Print JSON (docs/cli.md).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Subject subject = ScoreCommand.subject(spec, account, person);
    if (days < 1 || days > 366) {
      throw CliException.invalid(
          "--days must be between 1 and 366 (history keeps a year); got " + days);
    }
    try (SwayClient c = targets.client()) {
      long end;
      if (until != null) {
        try {
          end = LocalDate.parse(until).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          throw CliException.invalid("--until must be a day, YYYY-MM-DD; got '" + until + "'");
        }
      } else {
        // The account's own latest day (for data loaded from the past, its last days, not the
        // calendar's): the service's default range ends there.
        GetScoreHistoryResponse latest =
            c.query()
                .getScoreHistory(GetScoreHistoryRequest.newBuilder().setSubject(subject).build());
        end =
            latest.getPointsCount() == 0
                ? System.currentTimeMillis()
                : Timestamps.toMillis(latest.getPoints(latest.getPointsCount() - 1).getDay());
      }
      GetScoreHistoryRequest req =
          GetScoreHistoryRequest.newBuilder()
              .setSubject(subject)
              .setEndTime(Timestamps.fromMillis(end))
              .setStartTime(Timestamps.fromMillis(end - (days - 1) * 86_400_000L))
              .build();
      GetScoreHistoryResponse r = c.query().getScoreHistory(req);
      if (json) {
        System.out.println(CliJson.print(r));
        return 0;
      }
      Charts.history(System.out, r.getPointsList(), 60);
      System.out.printf(
          Locale.ROOT,
          "change: 1 day %s, 7 days %s, 30 days %s  (%s)%n",
          change(r.hasDelta1D(), r.getDelta1D()),
          change(r.hasDelta7D(), r.getDelta7D()),
          change(r.hasDelta30D(), r.getDelta30D()),
          r.getTrend() == Trend.TREND_UNSPECIFIED
              ? "no trend yet: no score 7 days back"
              : r.getTrend().name().replace("TREND_", "").toLowerCase(Locale.ROOT));
    }
    return 0;
  }

  /** A signed change, or "n/a" where the account had no score that far back. */
  static String change(boolean known, double delta) {
    return known ? String.format(Locale.ROOT, "%+.1f", delta) : "n/a";
  }
}
