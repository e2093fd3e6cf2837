package dev.sway.cli;

import dev.sway.cli.eval.Ablations;
import dev.sway.cli.eval.Dataset;
import dev.sway.cli.eval.Datasets;
import dev.sway.cli.eval.ModelVersions;
import dev.sway.cli.eval.ResultTable;
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
      description = "Half-life of the current model version, in days (default 30).")
  Double halfLifeDays;

  @Option(
      names = "--model",
      split = ",",
      paramLabel = "VERSION",
      description =
          "Model versions to evaluate side by side, e.g. sway-3,sway-3-hl7.0 (default: the current"
              + " version); the first also gets the ablation rows and the stability check.")
  List<String> models;

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
    List<ModelConfig> configs = configs();
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
          TemporalEvaluation.run(d, configs, Ablations.variants(configs.get(0)));
      String table = ResultTable.of(result);
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

  private List<ModelConfig> configs() {
    if (models == null || models.isEmpty()) {
      return List.of(ModelConfig.defaults(halfLifeDays == null ? 30 : halfLifeDays));
    }
    if (halfLifeDays != null) {
      throw new IllegalArgumentException(
          "give either --model or --half-life-days (a version names its half-life: "
              + ModelConfig.defaults(halfLifeDays).version()
              + ")");
    }
    return models.stream().distinct().map(ModelVersions::named).toList();
  }
}
