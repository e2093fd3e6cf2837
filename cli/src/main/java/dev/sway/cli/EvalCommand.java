package dev.sway.cli;

import dev.sway.cli.eval.HiggsEvaluation;
import dev.sway.cli.eval.HiggsLog;
import dev.sway.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway eval higgs}: how well the score predicts influence on real data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate the scoring model on a recorded dataset (higgs: the SNAP Higgs Twitter activity log).")
final class EvalCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DATASET", description = "Only 'higgs' for now.")
  String dataset;

  @Option(names = "--data", required = true, description = "Path of higgs-activity_time.txt(.gz).")
  Path data;

  @Option(names = "--write", description = "Also write the table as Markdown to this file.")
  Path write;

  @Option(names = "--half-life-days", defaultValue = "30", description = "Model half-life (default ${DEFAULT-VALUE}).")
  double halfLifeDays;

  @Override
  public Integer call() throws Exception {
    if (!dataset.equals("higgs")) {
      throw new IllegalArgumentException("unknown dataset '" + dataset + "'; known: higgs");
    }
    long t0 = System.nanoTime();
    var log = HiggsLog.read(data);
    var result = HiggsEvaluation.run(log, ModelConfig.defaults(halfLifeDays));
    double secs = (System.nanoTime() - t0) / 1e9;
    String table = table(result);
    System.out.print(table);
    System.out.printf(Locale.ROOT, "(%,d log lines, %.1f s)%n", log.size(), secs);
    if (write != null) {
      Files.writeString(write, table);
    }
    return 0;
  }

  static String table(HiggsEvaluation.Result r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Predicting retweets received in days 5-7 from days 1-4 "
        + "(%,d events in days 1-4; %,d users active in them; %,d retweets in days 5-7; %,d self-interactions skipped)%n%n",
        r.trainEvents(), r.activeUsers(), r.testRetweets(), r.selfLoops()));
    b.append("| method | Spearman ρ | precision@100 |\n|---|---:|---:|\n");
    for (HiggsEvaluation.Row row : r.rows()) {
      b.append(String.format(Locale.ROOT, "| %s | %.4f | %.2f |%n", row.method(), row.spearman(), row.precisionAt100()));
    }
    return b.toString();
  }
}
