package dev.sway.cli.eval;

import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Does the score predict influence? The interactions before a dataset's cut go through the model
 * (batches applied in arrival order, as the scoring service does); every account that has a score
 * at the cut (it received at least one interaction before it) is ranked by its raw score at the cut
 * and compared with what it receives in the window after it, against three baselines computed on
 * the same interactions: measured interactions received so far, distinct engagers so far, and
 * PageRank of the interaction graph (engager → target). The Sway run is repeated from scratch and
 * with batches of one event to show that the result does not depend on either.
 */
public final class TemporalEvaluation {
  /** Events per batch of the main run, as the bulk loader sends them. */
  public static final int BATCH = 1000;

  /** Precision is measured on the top this many. */
  public static final int TOP = 100;

  /** A model variant for the ablation rows. */
  public record Variant(String label, ModelConfig config) {}

  /** One row of the table; {@code identical} is set on stability rows only. */
  public record Row(String method, double spearman, double precisionAtTop, Boolean identical) {
    Row(String method, double spearman, double precisionAtTop) {
      this(method, spearman, precisionAtTop, null);
    }
  }

  /** The result, with the sizes behind it. */
  public record Result(
      Dataset dataset,
      List<Row> rows,
      int accounts,
      int scoredAccounts,
      int trainEvents,
      int futureEvents,
      int futurePositive,
      boolean stable) {}

  private TemporalEvaluation() {}

  public static Result run(Dataset d, ModelConfig config, List<Variant> variants) {
    List<Interaction> train = new ArrayList<>();
    Map<Integer, Integer> index = new HashMap<>();
    for (Interaction e : d.events()) {
      if (e.timeS() < d.cutS()) {
        train.add(e);
        index.putIfAbsent(e.actor(), index.size());
        index.putIfAbsent(e.target(), index.size());
      }
    }
    int n = index.size();
    int[] accounts = new int[n];
    index.forEach((id, i) -> accounts[i] = id);

    double[] futureAll = new double[n];
    Map<Integer, Set<Integer>> futureEngagers = new HashMap<>();
    int futureEvents = 0;
    for (Interaction e : d.events()) {
      if (e.timeS() >= d.cutS() && e.timeS() < d.endS() && e.measured()) {
        futureEvents++;
        Integer t = index.get(e.target());
        if (t == null) {
          continue;
        }
        if (d.measure() == Dataset.Measure.RECEIVED) {
          futureAll[t]++;
        } else if (futureEngagers.computeIfAbsent(t, k -> new HashSet<>()).add(e.actor())) {
          futureAll[t]++;
        }
      }
    }

    double[] receivedAll = new double[n];
    double[] distinctAll = new double[n];
    Map<Integer, Set<Integer>> engagers = new HashMap<>();
    int[] from = new int[train.size()];
    int[] to = new int[train.size()];
    for (int k = 0; k < train.size(); k++) {
      Interaction e = train.get(k);
      int t = index.get(e.target());
      from[k] = index.get(e.actor());
      to[k] = t;
      if (e.measured()) {
        receivedAll[t]++;
      }
      if (engagers.computeIfAbsent(t, x -> new HashSet<>()).add(e.actor())) {
        distinctAll[t]++;
      }
    }
    double[] pagerankAll = PageRank.compute(n, from, to, 0.85, 50);

    // The population ranked: accounts with a score at the cut, i.e. that received something.
    int[] scored = IntStream.range(0, n).filter(i -> engagers.containsKey(i)).toArray();
    int[] members = Arrays.stream(scored).map(i -> accounts[i]).toArray();
    double[] future = pick(futureAll, scored);
    double[] received = pick(receivedAll, scored);
    double[] distinct = pick(distinctAll, scored);
    double[] pagerank = pick(pagerankAll, scored);
    int futurePositive = (int) Arrays.stream(future).filter(v -> v > 0).count();

    long atMs = d.cutS() * 1000;
    SwayRun.Scores sway = SwayRun.score(train, config, BATCH, members, atMs);
    SwayRun.Scores again = SwayRun.score(train, config, BATCH, members, atMs);
    SwayRun.Scores single = SwayRun.score(train, config, 1, members, atMs);
    boolean sameAgain = bitIdentical(sway.raw(), again.raw());
    boolean sameSingle = bitIdentical(sway.raw(), single.raw());

    String measured =
        d.measure() == Dataset.Measure.RECEIVED && d.name().equals("higgs")
            ? "retweets received"
            : "received";
    Map<String, double[]> methods = new LinkedHashMap<>();
    methods.put("Sway raw score (" + config.version() + ")", sway.raw());
    methods.put(measured + ", " + d.trainLabel(), received);
    methods.put("distinct engagers, " + d.trainLabel(), distinct);
    methods.put("PageRank, " + d.trainLabel() + " (engager → target)", pagerank);
    List<Row> rows = new ArrayList<>();
    methods.forEach((label, v) -> rows.add(row(label, v, future)));
    rows.add(
        row(
            "stability: second run from scratch, batches of " + BATCH,
            again.raw(),
            future,
            sameAgain));
    rows.add(row("stability: batches of 1 event", single.raw(), future, sameSingle));
    rows.add(row("ablation: amplification component alone", sway.amplification(), future));
    rows.add(row("ablation: authority component alone", sway.authority(), future));
    rows.add(row("ablation: activity component alone", sway.activity(), future));
    rows.add(row("ablation: amplification per own action, A²/(A + G)", sway.perAction(), future));
    rows.add(
        row(
            "diagnostic: distinct engagers, ties broken by Sway",
            tieBroken(distinct, sway.raw()),
            future));
    for (Variant v : variants) {
      rows.add(
          row(
              "ablation: " + v.label(),
              SwayRun.score(train, v.config(), BATCH, members, atMs).raw(),
              future));
    }
    return new Result(
        d,
        rows,
        n,
        scored.length,
        train.size(),
        futureEvents,
        futurePositive,
        sameAgain && sameSingle);
  }

  private static Row row(String label, double[] predicted, double[] future) {
    return new Row(
        label, Ranking.spearman(predicted, future), Ranking.precisionAtK(predicted, future, TOP));
  }

  private static Row row(String label, double[] predicted, double[] future, boolean identical) {
    return new Row(
        label,
        Ranking.spearman(predicted, future),
        Ranking.precisionAtK(predicted, future, TOP),
        identical);
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

  private static double[] pick(double[] values, int[] at) {
    return Arrays.stream(at).mapToDouble(i -> values[i]).toArray();
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
