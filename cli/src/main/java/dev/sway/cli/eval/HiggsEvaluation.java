package dev.sway.cli.eval;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelConfig;
import dev.sway.model.ModelEvent;
import dev.sway.model.ScoringModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does the score predict influence? Days 1-4 of the Higgs log go through the model; users are
 * ranked by score at the end of day 4 and compared with the retweets each receives in days
 * 5-7, against three baselines: retweets received so far, distinct engagers so far, and
 * PageRank of the days 1-4 interaction graph (engager → author).
 */
public final class HiggsEvaluation {
  /** One row of the result table. */
  public record Row(String method, double spearman, double precisionAt100) {}

  /** The result, with the sizes behind it. */
  public record Result(List<Row> rows, int activeUsers, int trainEvents, int testRetweets, int selfLoops) {}

  private HiggsEvaluation() {}

  public static Result run(List<HiggsLog.Event> log, ModelConfig config) {
    long cutoffS = HiggsLog.DAY1_START_S + 4 * 86_400L;
    Map<Integer, Integer> index = new HashMap<>();
    List<HiggsLog.Event> train = new ArrayList<>();
    int selfLoops = 0;
    for (HiggsLog.Event e : log) {
      if (e.actor() == e.target()) {
        selfLoops++;
        continue;
      }
      if (e.timeS() < cutoffS) {
        train.add(e);
        index.putIfAbsent(e.actor(), index.size());
        index.putIfAbsent(e.target(), index.size());
      }
    }
    int n = index.size();
    double[] future = new double[n];
    int testRetweets = 0;
    for (HiggsLog.Event e : log) {
      if (e.timeS() >= cutoffS && e.type() == 'T' && e.actor() != e.target()) {
        Integer t = index.get(e.target());
        if (t != null) {
          future[t]++;
        }
        testRetweets++;
      }
    }

    double[] rtSoFar = new double[n];
    Map<Integer, java.util.Set<Integer>> engagers = new HashMap<>();
    for (HiggsLog.Event e : train) {
      int t = index.get(e.target());
      if (e.type() == 'T') {
        rtSoFar[t]++;
      }
      engagers.computeIfAbsent(t, k -> new java.util.HashSet<>()).add(e.actor());
    }
    double[] distinct = new double[n];
    engagers.forEach((t, s) -> distinct[t] = s.size());
    double[] pagerank = PageRank.compute(n, train, index, 0.85, 50);

    ScoringModel model = new ScoringModel(config);
    InMemoryScorer scorer = new InMemoryScorer(model, 50_000);
    List<ModelEvent> batch = new ArrayList<>(1000);
    for (HiggsLog.Event e : train) {
      batch.add(new ModelEvent(Long.toString(e.line()), kind(e.type()), "x:" + e.actor(), "x:" + e.target(),
          List.of(), e.timeS() * 1000));
      if (batch.size() == 1000) {
        scorer.apply(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      scorer.apply(batch);
    }
    double[] sway = new double[n];
    double[][] parts = new double[3][n];
    for (Map.Entry<Integer, Integer> u : index.entrySet()) {
      int i = u.getValue();
      sway[i] = scorer.rawAt("x:" + u.getKey(), cutoffS * 1000);
      var c = scorer.componentsAt("x:" + u.getKey(), cutoffS * 1000);
      parts[0][i] = c.amplification();
      parts[1][i] = c.authority();
      parts[2][i] = c.activity();
    }

    Map<String, double[]> methods = new LinkedHashMap<>();
    methods.put("Sway score (" + config.version() + ")", sway);
    methods.put("retweets received, days 1-4", rtSoFar);
    methods.put("distinct engagers, days 1-4", distinct);
    methods.put("PageRank, days 1-4 (engager → author)", pagerank);
    methods.put("ablation: amplification component alone", parts[0]);
    methods.put("ablation: authority component alone", parts[1]);
    methods.put("ablation: activity component alone", parts[2]);
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, double[]> m : methods.entrySet()) {
      rows.add(new Row(m.getKey(), Ranking.spearman(m.getValue(), future),
          Ranking.precisionAtK(m.getValue(), future, 100)));
    }
    return new Result(rows, n, train.size(), testRetweets, selfLoops);
  }

  static InteractionKind kind(char type) {
    return switch (type) {
      case 'T' -> InteractionKind.SHARE;
      case 'E' -> InteractionKind.REPLY;
      default -> InteractionKind.MENTION;
    };
  }
}
