package dev.sway.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingEvaluationTest {
  private static final long T0 = 1_700_000_000L;
  private static final long DAY = 86_400L;

  /** Twenty days of interactions among 200 accounts, a few popular ones receiving most. */
  private static List<Interaction> events(long seed) {
    Random rnd = new Random(seed);
    List<Interaction> out = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < 4_000; i++) {
      int actor = rnd.nextInt(200);
      int target = (int) Math.min(199, Math.abs(rnd.nextGaussian()) * 30);
      t += rnd.nextInt(864);
      if (actor != target) {
        out.add(new Interaction(i + 1, actor, target, t, InteractionKind.SHARE, true));
      }
    }
    return out;
  }

  private static Dataset dataset(List<Interaction> events, Cuts cuts) {
    return new Dataset(
        "sample", "sample", events, cuts, "received", "received", Dataset.Measure.RECEIVED, "");
  }

  @Test
  void everyDatasetsWindowsLieInsideItsData() {
    // The time spans of the SNAP files (their README's verified counts).
    long[][] spans = {
      {1_341_100_972L, 1_341_705_593L}, {1_082_040_961L, 1_098_777_142L},
      {1_289_241_912L, 1_453_684_324L}, {1_289_192_400L, 1_453_438_800L}
    };
    List<Dataset> ds =
        List.of(
            Datasets.higgs(List.of()),
            Datasets.collegeMsg(List.of()),
            Datasets.bitcoin("bitcoin-otc", "OTC", List.of()),
            Datasets.bitcoin("bitcoin-alpha", "Alpha", List.of()));
    for (int i = 0; i < ds.size(); i++) {
      Cuts c = ds.get(i).cuts();
      assertThat(c.size()).isEqualTo(5);
      assertThat(c.inside(spans[i][0], spans[i][1])).as(ds.get(i).name()).isTrue();
      // Something to learn from before the first cut: at least a fifth of the time evaluated.
      assertThat(c.cutS(0) - spans[i][0]).isGreaterThan((c.endS(c.size() - 1) - spans[i][0]) / 5);
    }
    assertThat(new Cuts(List.of(10L, 20L), 5, 0, "d", "").inside(0, 24)).isTrue();
    assertThat(new Cuts(List.of(10L, 20L), 5, 0, "d", "").inside(0, 23)).isFalse();
    assertThatThrownBy(() -> new Cuts(List.of(20L, 10L), 5, 0, "d", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onePassOverTheCutsGivesWhatAFreshRunAtEachCutGivesAndTheirMeanAndWorst() {
    List<Interaction> events = events(3);
    Cuts rolling = Cuts.every(T0 + 8 * DAY, 3 * DAY, 3, 3 * DAY, 1, "d MMM", "test");
    TemporalEvaluation.Result r =
        TemporalEvaluation.run(dataset(events, rolling), List.of(ModelConfig.DEFAULT), List.of());

    assertThat(r.stable()).isTrue();
    assertThat(r.cuts()).hasSize(3);
    for (int k = 0; k < 3; k++) {
      Cuts one = Cuts.single(rolling.cutS(k), rolling.endS(k), "d MMM", "test");
      TemporalEvaluation.Result fresh =
          TemporalEvaluation.run(dataset(events, one), List.of(ModelConfig.DEFAULT), List.of());
      for (int m = 0; m < r.rows().size(); m++) {
        MethodRow a = r.rows().get(m);
        MethodRow b = fresh.rows().get(m);
        assertThat(a.method()).isEqualTo(b.method());
        assertThat(a.spearman()[k]).as(a.method()).isEqualTo(b.spearman()[0]);
        assertThat(a.precision()[k]).as(a.method()).isEqualTo(b.precision()[0]);
      }
    }
    MethodRow sway = r.rows().get(0);
    assertThat(sway.method()).isEqualTo("Sway raw score (sway-3)");
    double[] rho = sway.spearman();
    assertThat(sway.value(MethodRow.Stat.SPEARMAN_MEAN)).isEqualTo((rho[0] + rho[1] + rho[2]) / 3);
    assertThat(sway.value(MethodRow.Stat.SPEARMAN_WORST))
        .isEqualTo(Math.min(rho[0], Math.min(rho[1], rho[2])));
    // The cuts see growing prefixes of the data, and the sway row is what the cut table shows.
    assertThat(r.cuts().get(2).known()).isGreaterThan(r.cuts().get(0).known());
    assertThat(r.cuts().get(1).swaySpearman()).isEqualTo(rho[1]);
    assertThat(ResultTable.of(r)).contains("**best tuned counting**").contains("bit-identical");
  }

  @Test
  void bestTunedCountingPicksTheBestCountPerSummaryAndNamesIt() {
    List<MethodRow> rows =
        List.of(
            new MethodRow(
                "sway", MethodRow.Kind.SWAY, new double[] {0.9, 0.9}, new double[] {1, 1}),
            row("steady", new double[] {0.5, 0.5}, new double[] {0.30, 0.30}),
            row("spiky", new double[] {0.8, 0.3}, new double[] {0.40, 0.10}),
            row("also steady", new double[] {0.5, 0.5}, new double[] {0.20, 0.20}),
            new MethodRow(
                "pagerank", MethodRow.Kind.BASELINE, new double[] {1, 1}, new double[] {1, 1}));

    TunedCounting t = TunedCounting.of(rows);

    // Sway and PageRank are not counts, however good.
    assertThat(t.get(MethodRow.Stat.SPEARMAN_MEAN))
        .isEqualTo(new TunedCounting.Best(0.55, List.of("spiky")));
    assertThat(t.get(MethodRow.Stat.SPEARMAN_WORST))
        .isEqualTo(new TunedCounting.Best(0.5, List.of("steady", "also steady")));
    assertThat(t.get(MethodRow.Stat.PRECISION_MEAN).methods()).containsExactly("steady");
    assertThat(t.get(MethodRow.Stat.PRECISION_WORST).value()).isEqualTo(0.30);
    assertThat(ResultTable.names(List.of("a", "b", "c", "d"))).isEqualTo("a = b and 2 more");
  }

  private static MethodRow row(String name, double[] rho, double[] p) {
    return new MethodRow(name, MethodRow.Kind.COUNTING, rho, p);
  }

  @Test
  void aHalfLifeTooShortForTheDataIsRefusedUpFront() {
    // 2004 is 16 years before the decay epoch: over 1,900 half-lives of 3 days.
    long t2004 = 1_086_048_000L;
    List<Interaction> old = List.of(new Interaction(1, 1, 2, t2004, InteractionKind.SHARE, true));
    Dataset d = dataset(old, Cuts.single(t2004 + 1, t2004 + 2, "d MMM", "test"));

    assertThatThrownBy(() -> TemporalEvaluation.run(d, List.of(ModelConfig.defaults(3)), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sway-3-hl3.0")
        .hasMessageContaining("at least 5.7 days");
    TemporalEvaluation.checkRepresentable(d, ModelConfig.defaults(7));
  }

  @Test
  void modelVersionsAreLookedUpByName() {
    assertThat(ModelVersions.named("sway-3")).isSameAs(ModelConfig.DEFAULT);
    assertThat(ModelVersions.named("sway-3-hl7.0").halfLifeDays()).isEqualTo(7.0);
    assertThatThrownBy(() -> ModelVersions.named("sway-9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sway-3");
  }
}
