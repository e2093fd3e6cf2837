package dev.sway.cli.eval;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The Markdown tables of one dataset's evaluation, as {@code sway eval} prints them. */
public final class ResultTable {
  private ResultTable() {}

  public static String of(TemporalEvaluation.Result r) {
    Dataset d = r.dataset();
    Cuts cuts = d.cuts();
    StringBuilder b = new StringBuilder();
    String at =
        IntStream.range(0, cuts.size()).mapToObj(cuts::label).collect(Collectors.joining(", "));
    b.append(
        String.format(
            Locale.ROOT,
            "**%s**: predicting %s in the %s after each of %d cuts (%s UTC) from everything before"
                + " the cut; ranked at each cut: the accounts with a score at it; left out: %s."
                + " Why these cuts: %s.%n%n",
            d.title(),
            d.futureLabel(),
            cuts.windowLabel(),
            cuts.size(),
            at,
            d.skipped().isEmpty() ? "nothing" : d.skipped(),
            cuts.why()));
    b.append(
        "| cut (UTC) | interactions before | accounts before | ranked | ranked that receive in"
            + " the window | measured interactions in the window | Sway ρ | Sway p@"
            + TemporalEvaluation.TOP
            + " |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    MethodRow sway = r.rows().get(0);
    for (int k = 0; k < cuts.size(); k++) {
      TemporalEvaluation.Cut c = r.cuts().get(k);
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %,d | %,d | %,d | %,d | %.4f | %.2f |%n",
              cuts.label(k),
              c.known(),
              c.accounts(),
              c.ranked(),
              c.receiving(),
              c.futureEvents(),
              sway.spearman()[k],
              sway.precision()[k]));
    }
    b.append('\n');
    b.append("| method |");
    for (MethodRow.Stat s : MethodRow.Stat.values()) {
      b.append(' ').append(s.label).append(" |");
    }
    b.append("\n|---|---:|---:|---:|---:|\n");
    boolean tunedShown = false;
    for (MethodRow row : r.rows()) {
      if (!tunedShown && row.kind() == MethodRow.Kind.COUNTING) {
        b.append(tuned(r.tuned()));
        tunedShown = true;
      }
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.4f | %.3f | %.3f |%n",
              row.method(),
              row.value(MethodRow.Stat.SPEARMAN_MEAN),
              row.value(MethodRow.Stat.SPEARMAN_WORST),
              row.value(MethodRow.Stat.PRECISION_MEAN),
              row.value(MethodRow.Stat.PRECISION_WORST)));
    }
    b.append('\n');
    int k = cuts.stabilityCut();
    b.append(
        String.format(
            Locale.ROOT,
            "Stability at the cut of %s (the main run, batches of %d cut at every cut: ρ %.4f,"
                + " p@%d %.2f):%n%n",
            cuts.label(k),
            TemporalEvaluation.BATCH,
            sway.spearman()[k],
            TemporalEvaluation.TOP,
            sway.precision()[k]));
    b.append(
        "| rerun | Spearman ρ | precision@"
            + TemporalEvaluation.TOP
            + " | raw scores | largest raw difference |\n|---|---:|---:|---|---:|\n");
    for (TemporalEvaluation.Stability s : r.stability()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.2f | %s | %.4f |%n",
              s.run(),
              s.spearman(),
              s.precisionAtTop(),
              s.identical() ? "bit-identical" : s.required() ? "DIFFER" : "differ (measured)",
              s.maxRawDifference()));
    }
    return b.toString();
  }

  private static String tuned(TunedCounting t) {
    StringBuilder b = new StringBuilder("| **best tuned counting** (best count per column) |");
    for (MethodRow.Stat s : MethodRow.Stat.values()) {
      TunedCounting.Best best = t.get(s);
      String format =
          s == MethodRow.Stat.SPEARMAN_MEAN || s == MethodRow.Stat.SPEARMAN_WORST ? "%.4f" : "%.3f";
      b.append(' ')
          .append(String.format(Locale.ROOT, format, best.value()))
          .append(" (")
          .append(names(best.methods()))
          .append(") |");
    }
    return b.append('\n').toString();
  }

  /** The counts that tie for best: two named, the rest counted. */
  static String names(List<String> methods) {
    String shown = String.join(" = ", methods.subList(0, Math.min(2, methods.size())));
    return methods.size() > 2 ? shown + " and " + (methods.size() - 2) + " more" : shown;
  }
}
