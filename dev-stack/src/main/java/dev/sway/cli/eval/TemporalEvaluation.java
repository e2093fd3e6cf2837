package dev.sway.cli.eval;

import dev.sway.model.Decay;
import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Does the score predict influence? At each of a dataset's cuts, every account that has a score at
 * the cut is ranked by its Sway raw score at the cut instant and compared with what it receives in
 * the window after it, against counting baselines (received and distinct engagers, undecayed and
 * decayed) and PageRank computed on the same interactions. Each model goes through the events once:
 * the interactions up to the first cut are applied (in batches, in arrival order, as the scoring
 * service does) and read, then the run continues to the next cut, and so on. At one cut the Sway
 * run is repeated from scratch and with batches of one event to show that the scores depend on
 * neither.
 */
public final class TemporalEvaluation {
  /** Events per batch of the main run, as the bulk loader sends them. */
  public static final int BATCH = 1000;

  /** Precision is measured on the top this many. */
  public static final int TOP = 100;

  /** Half-lives from the decay epoch within which scaled sums stay finite and non-zero. */
  static final double MAX_HALF_LIVES = 1000;

  /** A model variant for the ablation rows. */
  public record Variant(String label, ModelConfig config) {}

  /** The sizes behind one cut. */
  public record Cut(
      int known, int accounts, int ranked, int receiving, int futureEvents, double swaySpearman) {}

  /**
   * A stability rerun at the stability cut, against the main run's raw scores there.
   *
   * @param required whether the rerun must be bit-identical (false: a measured tolerance)
   * @param maxRawDifference the largest difference of an account's raw score from the main run's
   */
  public record Stability(
      String run,
      double spearman,
      double precisionAtTop,
      boolean identical,
      boolean required,
      double maxRawDifference) {}

  /** The result: per-method rows over all cuts, the tuned counting, and the stability check. */
  public record Result(
      Dataset dataset,
      List<Cut> cuts,
      List<MethodRow> rows,
      TunedCounting tuned,
      List<Stability> stability) {
    public boolean stable() {
      return stability.stream().allMatch(s -> s.identical() || !s.required());
    }
  }

  private TemporalEvaluation() {}

  /**
   * Evaluates {@code models} (the first one also gets the component ablations and the stability
   * check) and the {@code ablations} variants on every cut of {@code d}.
   */
  public static Result run(Dataset d, List<ModelConfig> models, List<Variant> ablations) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no model to evaluate");
    }
    models.forEach(m -> checkRepresentable(d, m));
    ablations.forEach(v -> checkRepresentable(d, v.config()));
    Cuts cuts = d.cuts();
    List<SwayRun.Run> runs = new ArrayList<>();
    models.forEach(m -> runs.add(SwayRun.start(m, BATCH)));
    ablations.forEach(v -> runs.add(SwayRun.start(v.config(), BATCH)));

    Map<String, MethodRow.Kind> kinds = new LinkedHashMap<>();
    Map<String, double[][]> values = new LinkedHashMap<>();
    List<Cut> sizes = new ArrayList<>();
    List<Stability> stability = new ArrayList<>();
    int applied = 0;
    for (int k = 0; k < cuts.size(); k++) {
      CutData c = CutData.at(d, k);
      List<Interaction> segment = d.events().subList(applied, c.known());
      runs.forEach(r -> r.apply(segment));
      applied = c.known();
      long atMs = cuts.cutS(k) * 1000;

      Map<String, Method> methods = new LinkedHashMap<>();
      SwayRun.Scores main = SwayRun.read(runs.get(0), c.members(), atMs);
      for (int m = 0; m < models.size(); m++) {
        double[] raw = m == 0 ? main.raw() : SwayRun.read(runs.get(m), c.members(), atMs).raw();
        put(methods, "Sway raw score (" + models.get(m).version() + ")", MethodRow.Kind.SWAY, raw);
      }
      c.counting().forEach((label, v) -> put(methods, label, MethodRow.Kind.COUNTING, v));
      put(methods, "PageRank so far (engager → target)", MethodRow.Kind.BASELINE, c.pagerank());
      put(
          methods,
          "ablation: amplification component alone",
          MethodRow.Kind.ABLATION,
          main.amplification());
      put(
          methods,
          "ablation: authority component alone",
          MethodRow.Kind.ABLATION,
          main.authority());
      put(methods, "ablation: activity component alone", MethodRow.Kind.ABLATION, main.activity());
      put(
          methods,
          "ablation: amplification per own action, A²/(A + G)",
          MethodRow.Kind.ABLATION,
          main.perAction());
      for (int v = 0; v < ablations.size(); v++) {
        double[] raw = SwayRun.read(runs.get(models.size() + v), c.members(), atMs).raw();
        put(methods, "ablation: " + ablations.get(v).label(), MethodRow.Kind.ABLATION, raw);
      }
      put(
          methods,
          "diagnostic: distinct engagers so far, ties broken by Sway",
          MethodRow.Kind.DIAGNOSTIC,
          tieBroken(c.counting().get("distinct engagers so far"), main.raw()));

      for (Map.Entry<String, Method> e : methods.entrySet()) {
        kinds.putIfAbsent(e.getKey(), e.getValue().kind());
        double[][] v = values.computeIfAbsent(e.getKey(), x -> new double[2][cuts.size()]);
        v[0][k] = Ranking.spearman(e.getValue().predicted(), c.future());
        v[1][k] = Ranking.precisionAtK(e.getValue().predicted(), c.future(), TOP);
      }
      sizes.add(
          new Cut(
              c.known(),
              c.accounts(),
              c.members().length,
              c.receiving(),
              c.futureEvents(),
              values.values().iterator().next()[0][k]));
      if (k == cuts.stabilityCut()) {
        stability = stability(d.events().subList(0, c.known()), models.get(0), c, atMs, main);
      }
    }
    List<MethodRow> rows = new ArrayList<>();
    values.forEach((label, v) -> rows.add(new MethodRow(label, kinds.get(label), v[0], v[1])));
    return new Result(d, List.copyOf(sizes), List.copyOf(rows), TunedCounting.of(rows), stability);
  }

  /**
   * The model keeps decayed sums scaled to a fixed epoch ({@link Decay#EPOCH_MS}), so a short
   * half-life cannot hold events far from it: beyond about a thousand half-lives the scale
   * overflows a double (or underflows to 0) and scores become NaN. Say so up front, with the
   * half-life that would work, rather than fail half-way.
   */
  static void checkRepresentable(Dataset d, ModelConfig config) {
    if (d.events().isEmpty()) {
      return;
    }
    long firstMs = d.events().get(0).timeS() * 1000;
    long lastMs = d.events().get(d.events().size() - 1).timeS() * 1000;
    double farMs = Math.max(Math.abs(firstMs - Decay.EPOCH_MS), Math.abs(lastMs - Decay.EPOCH_MS));
    if (farMs / config.halfLifeMs() > MAX_HALF_LIVES) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "model %s cannot score %s: its half-life of %s days holds events up to %.1f years"
                  + " from 2020, and the data lies %.1f years away; use a half-life of at least"
                  + " %.1f days",
              config.version(),
              d.name(),
              config.halfLifeDays(),
              MAX_HALF_LIVES * config.halfLifeDays() / 365.25,
              farMs / (365.25 * Decay.DAY_MS),
              Math.ceil(10 * farMs / MAX_HALF_LIVES / Decay.DAY_MS) / 10));
    }
  }

  private record Method(MethodRow.Kind kind, double[] predicted) {}

  private static void put(
      Map<String, Method> methods, String label, MethodRow.Kind kind, double[] predicted) {
    methods.put(label, new Method(kind, predicted));
  }

  /** The seed of the shuffled reruns' line order. */
  static final long SHUFFLE_SEED = 1;

  /**
   * Reruns the model from scratch on the interactions before the cut, with batches of {@link
   * #BATCH} and of one event, and on the lines shuffled and merged back into time order (as {@code
   * sway ingest} does): each must reproduce the main run's raw scores bit for bit, although the
   * main run's batches were also cut at every earlier cut. A last rerun applies the shuffled lines
   * as they come, as a client that does not sort would send them, and reports how far that moves
   * the scores: the tolerance of out-of-order arrival, which the scoring service does not reorder.
   */
  private static List<Stability> stability(
      List<Interaction> known, ModelConfig config, CutData c, long atMs, SwayRun.Scores main) {
    List<Interaction> shuffled = new ArrayList<>(known);
    Collections.shuffle(shuffled, new Random(SHUFFLE_SEED));
    List<Stability> out = new ArrayList<>();
    out.add(
        check(
            "second run from scratch, batches of " + BATCH,
            true,
            SwayRun.score(known, config, BATCH, c.members(), atMs).raw(),
            main.raw(),
            c.future()));
    out.add(
        check(
            "batches of 1 event",
            true,
            SwayRun.score(known, config, 1, c.members(), atMs).raw(),
            main.raw(),
            c.future()));
    out.add(
        check(
            "lines shuffled, merged by time (sway ingest)",
            true,
            SwayRun.score(Datasets.timeOrdered(shuffled), config, BATCH, c.members(), atMs).raw(),
            main.raw(),
            c.future()));
    out.add(
        check(
            "lines shuffled, applied as they arrive (a client that does not sort)",
            false,
            SwayRun.score(shuffled, config, BATCH, c.members(), atMs).raw(),
            main.raw(),
            c.future()));
    return List.copyOf(out);
  }

  private static Stability check(
      String run, boolean required, double[] raw, double[] reference, double[] future) {
    double maxDiff = 0;
    for (int i = 0; i < raw.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(raw[i] - reference[i]));
    }
    return new Stability(
        run,
        Ranking.spearman(raw, future),
        Ranking.precisionAtK(raw, future, TOP),
        bitIdentical(raw, reference),
        required,
        maxDiff);
  }

  /**
   * {@code primary}, with accounts of equal {@code primary} ordered by {@code secondary}: a
   * lexicographic order expressed as ranks.
   */
  static double[] tieBroken(double[] primary, double[] secondary) {
    Integer[] order = IntStream.range(0, primary.length).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        (i, j) -> {
          int c = Double.compare(primary[i], primary[j]);
          return c != 0 ? c : Double.compare(secondary[i], secondary[j]);
        });
    double[] out = new double[primary.length];
    int rank = 0;
    for (int k = 0; k < order.length; k++) {
      if (k > 0
          && (primary[order[k]] != primary[order[k - 1]]
              || secondary[order[k]] != secondary[order[k - 1]])) {
        rank = k;
      }
      out[order[k]] = rank;
    }
    return out;
  }

  /** Whether two score arrays are equal bit for bit. */
  public static boolean bitIdentical(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        return false;
      }
    }
    return true;
  }
}
