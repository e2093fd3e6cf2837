package dev.sway.cli;

import dev.sway.cli.eval.Ablations;
import dev.sway.cli.eval.Dataset;
import dev.sway.cli.eval.Datasets;
import dev.sway.cli.eval.TemporalEvaluation;
import dev.sway.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway eval DATASET}: how well the score predicts influence on real data. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate the scoring model on recorded SNAP datasets: higgs (Higgs Twitter activity), "
            + "collegemsg (CollegeMsg), bitcoin-otc, bitcoin-alpha (signed trust ratings), or all of them.")
final class EvalCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "DATASET",
      description = "higgs, collegemsg, bitcoin-otc, bitcoin-alpha or all.")
  String dataset;

  @Option(names = "--data", description = "The dataset's file (one dataset only).")
  Path data;

  @Option(
      names = "--data-dir",
      description =
          "Folder laid out as the shared SNAP data "
              + "(higgs-twitter/, college-msg/, bitcoin-otc/, bitcoin-alpha/); with 'all', datasets whose file is missing are skipped.")
  Path dataDir;

  @Option(names = "--write", description = "Also write the tables as Markdown to this file.")
  Path write;

  @Option(
      names = "--half-life-days",
      defaultValue = "30",
      description = "Model half-life (default ${DEFAULT-VALUE}).")
  double halfLifeDays;

  @Override
  public Integer call() throws Exception {
    List<String> names;
    if (dataset.equals("all")) {
      if (dataDir == null || data != null) {
        throw new IllegalArgumentException("'eval all' takes --data-dir DIR (and no --data)");
      }
      names = Datasets.NAMES;
    } else {
      Datasets.defaultFile(dataset, Path.of("."));
      if ((data == null) == (dataDir == null)) {
        throw new IllegalArgumentException("give either --data FILE or --data-dir DIR");
      }
      names = List.of(dataset);
    }
    ModelConfig config = ModelConfig.defaults(halfLifeDays);
    StringBuilder all = new StringBuilder();
    List<String> unstable = new ArrayList<>();
    for (String name : names) {
      Path file = data != null ? data : Datasets.defaultFile(name, dataDir);
      if (!Files.isRegularFile(file)) {
        if (dataset.equals("all")) {
          System.out.println("(" + name + ": " + file + " not found, skipped)\n");
          continue;
        }
        throw new CliException(ExitCode.NOT_FOUND, "no such file: " + file);
      }
      long t0 = System.nanoTime();
      Dataset d = Datasets.load(name, file);
      TemporalEvaluation.Result result =
          TemporalEvaluation.run(d, config, Ablations.variants(config));
      String table = table(result);
      System.out.print(table);
      System.out.printf(
          Locale.ROOT,
          "(%,d interactions, %.1f s)%n%n",
          d.events().size(),
          (System.nanoTime() - t0) / 1e9);
      all.append(table).append('\n');
      if (!result.stable()) {
        unstable.add(name);
      }
    }
    if (write != null) {
      Files.writeString(write, all.toString());
    }
    if (!unstable.isEmpty()) {
      System.err.println(
          "Sway scores differ between runs or batch sizes on: " + String.join(", ", unstable));
      return 1;
    }
    return 0;
  }

  static String table(TemporalEvaluation.Result r) {
    Dataset d = r.dataset();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "**%s**: predicting %s from %s "
                + "(%,d interactions before the cut among %,d accounts; ranked: the %,d accounts with a score at the cut, "
                + "%,d of which receive something after it; %,d measured interactions after the cut; left out: %s)%n%n",
            d.title(),
            d.futureLabel(),
            d.trainLabel(),
            r.trainEvents(),
            r.accounts(),
            r.scoredAccounts(),
            r.futurePositive(),
            r.futureEvents(),
            d.skipped().isEmpty() ? "nothing" : d.skipped()));
    b.append(
        "| method | Spearman ρ | precision@" + TemporalEvaluation.TOP + " |\n|---|---:|---:|\n");
    for (TemporalEvaluation.Row row : r.rows()) {
      String method =
          row.identical() == null
              ? row.method()
              : row.method()
                  + (row.identical() ? " — raw scores bit-identical" : " — raw scores DIFFER");
      b.append(
          String.format(
              Locale.ROOT, "| %s | %.4f | %.2f |%n", method, row.spearman(), row.precisionAtTop()));
    }
    return b.toString();
  }
}
