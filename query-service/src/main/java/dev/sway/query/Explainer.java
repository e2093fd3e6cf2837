package dev.sway.query;

import com.google.protobuf.util.Timestamps;
import dev.sway.model.Decay;
import dev.sway.model.EngagerTable;
import dev.sway.model.ModelConfig;
import dev.sway.store.Pseudonyms;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ComponentContribution;
import dev.sway.v1.EngagerContribution;
import dev.sway.v1.ExplainScoreResponse;
import dev.sway.v1.Score;
import dev.sway.v1.ScoreChange;
import dev.sway.v1.TopicScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds an explanation from what is stored: the components with their weights, the engagers by
 * decayed engagement, the topics, and the last 7 days of history. Pure: no I/O.
 */
final class Explainer {
  private static final long WEEK_MS = 7 * 86_400_000L;
  private static final String[] NAMES = {"reach", "amplification", "authority", "activity"};

  private Explainer() {}

  /**
   * @param table the account's engager table
   * @param nowMs the time engagement is decayed to: the score's evaluation time
   */
  static ExplainScoreResponse explain(
      Score score, EngagerTable table, HistoryView history, long nowMs, int topN) {
    ModelConfig cfg = ModelConfig.defaults(ModelConfig.halfLifeDaysOf(score.getModelVersion()));
    Decay decay = new Decay(cfg.halfLifeMs());
    ExplainScoreResponse.Builder b = ExplainScoreResponse.newBuilder().setScore(score);
    String who = score.getAccount().getNetwork() + ":" + score.getAccount().getAccountId();
    List<String> words = new ArrayList<>();

    double[] values = {
      score.getComponents().getReach(),
      score.getComponents().getAmplification(),
      score.getComponents().getAuthority(),
      score.getComponents().getActivity()
    };
    double[] weights = {
      cfg.weightReach(), cfg.weightAmplification(), cfg.weightAuthority(), cfg.weightActivity()
    };
    double[] points = new double[4];
    for (int i = 0; i < 4; i++) {
      double v = i == 3 ? Math.min(values[3], Math.max(values[1], values[0])) : values[i];
      points[i] = v * weights[i];
    }
    double total = points[0] + points[1] + points[2] + points[3];
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      double share = total > 0 ? 100 * points[i] / total : 0;
      b.addComponents(
          ComponentContribution.newBuilder()
              .setComponent(NAMES[i])
              .setValue(values[i])
              .setWeight(weights[i])
              .setPoints(round(points[i]))
              .setSharePercent(round(share)));
      parts.append(
          String.format(
              Locale.ROOT,
              "%s%s %.1f/100 (%.0f%% of the score)",
              i == 0 ? "" : i == 3 ? " and " : ", ",
              NAMES[i],
              values[i],
              share));
    }
    // Rounded down, so that only an account above every other one reads "every other".
    double pct = Math.floor(score.getPercentile() * 10) / 10;
    words.add(
        String.format(
            Locale.ROOT,
            "%s scores %.1f out of 100, higher than %s (model %s).",
            who,
            score.getScore(),
            pct >= 100
                ? "every other scored account"
                : String.format(Locale.ROOT, "%.1f%% of scored accounts", pct),
            score.getModelVersion()));
    words.add("It is made of " + parts + ".");
    if (values[3] > Math.max(values[1], values[0])) {
      words.add(
          "Activity counts only as far as the account is heard: posting beyond its amplification or reach adds nothing.");
    }

    // Engagers, by decayed engagement now; shares are of the engagement of the engagers kept.
    List<Engager> engagers = new ArrayList<>();
    table.forEach(
        (member, p) ->
            engagers.add(new Engager(member, decay.valueAt(p.scaledMass, nowMs), p.lastMs)));
    double sum = engagers.stream().mapToDouble(Engager::mass).sum();
    engagers.sort((x, y) -> Double.compare(y.mass(), x.mass()));
    List<String> top = new ArrayList<>();
    for (Engager e : engagers.subList(0, Math.min(topN, engagers.size()))) {
      b.addTopEngagers(e.contribution(sum));
      top.add(
          String.format(Locale.ROOT, "%s (%.1f%%)", e.name(), sum > 0 ? 100 * e.mass() / sum : 0));
    }
    if (!top.isEmpty()) {
      // The table keeps only the heaviest engagers; the score counts them all.
      // Two numbers, two labels: the decayed count GetScore gives, and the engagers on record.
      words.add(
          String.format(
              Locale.ROOT,
              "%,d recent %s (a decayed count: an engager weighs less as its engagement"
                  + " ages); %s: %s.",
              score.getDistinctEngagers(),
              score.getDistinctEngagers() == 1 ? "engager" : "engagers",
              engagers.size() == 1
                  ? "the one kept on record"
                  : String.format(
                      Locale.ROOT, "the most engaged of the %,d kept on record", engagers.size()),
              String.join(", ", top)));
    } else {
      words.add(
          "Nobody has engaged with it yet: its score comes from its audience and posting alone.");
    }
    List<TopicScore> topics =
        score.getTopicScoresList().subList(0, Math.min(topN, score.getTopicScoresCount()));
    b.addAllTopTopics(topics);
    if (!topics.isEmpty()) {
      List<String> t =
          topics.stream()
              .map(x -> String.format(Locale.ROOT, "%s %.1f", x.getTopic(), x.getScore()))
              .toList();
      words.add("Strongest topics: " + String.join(", ", t) + ".");
    }

    // The last 7 days, from the same days (and calibration) as GetScoreHistory.
    HistoryView.Day now = history.latest();
    HistoryView.Day before = now == null ? null : history.at(now.epochDay() - 7);
    if (before == null && now != null && history.first() != now) {
      before = history.first();
    }
    if (now != null && before != null && before != now) {
      double[] was = {
        before.components().reach(),
        before.components().amplification(),
        before.components().authority(),
        before.components().activity()
      };
      double[] nowValues = {
        now.components().reach(),
        now.components().amplification(),
        now.components().authority(),
        now.components().activity()
      };
      int moved = 0;
      for (int i = 1; i < 4; i++) {
        if (Math.abs(nowValues[i] - was[i]) > Math.abs(nowValues[moved] - was[moved])) {
          moved = i;
        }
      }
      double delta = now.score() - before.score();
      ScoreChange.Builder c =
          ScoreChange.newBuilder()
              .setPreviousScore(round(before.score()))
              .setDelta(round(delta))
              .setComponent(NAMES[moved])
              .setComponentDelta(round(nowValues[moved] - was[moved]));
      long since = nowMs - WEEK_MS;
      List<Engager> movers =
          engagers.stream().filter(e -> e.lastMs() >= since).limit(topN).toList();
      for (Engager e : movers) {
        c.addMovers(e.contribution(sum));
      }
      b.setChange7D(c);
      double componentDelta = nowValues[moved] - was[moved];
      String by =
          movers.isEmpty()
              ? ""
              : ", moved by " + String.join(", ", movers.stream().map(Engager::name).toList());
      if (Math.abs(delta) < 0.05 || Math.signum(delta) == Math.signum(componentDelta)) {
        words.add(
            String.format(
                Locale.ROOT,
                "Over the last %d days it %s %.1f points, mostly through %s (%+.1f)%s.",
                now.epochDay() - before.epochDay(),
                delta >= 0 ? "gained" : "lost",
                Math.abs(round(delta)),
                NAMES[moved],
                componentDelta,
                by));
      } else {
        // The score is a percentile: it can fall while the account grows, if others grow faster.
        words.add(
            String.format(
                Locale.ROOT,
                "Over the last %d days it %s %.1f points although its %s %s (%+.1f)%s:"
                    + " scores are percentiles of all accounts, and the others moved %s.",
                now.epochDay() - before.epochDay(),
                delta >= 0 ? "gained" : "lost",
                Math.abs(round(delta)),
                NAMES[moved],
                componentDelta >= 0 ? "rose" : "fell",
                componentDelta,
                by,
                delta >= 0 ? "less" : "more"));
      }
    } else {
      words.add("There is no history from earlier days yet, so nothing to compare with.");
    }
    return b.addAllSummary(words).build();
  }

  /** One engager of the account: its decayed engagement now and its latest engagement. */
  private record Engager(String member, double mass, long lastMs) {
    boolean unregistered() {
      return Pseudonyms.isPseudonym(member);
    }

    /** How sentences name it: its member, or for an unregistered engager only its network. */
    String name() {
      return unregistered()
          ? "an unregistered " + RedisKeys.networkOf(member) + " account"
          : member;
    }

    EngagerContribution contribution(double sum) {
      return EngagerContribution.newBuilder()
          .setAccount(
              AccountRef.newBuilder()
                  .setNetwork(RedisKeys.networkOf(member))
                  .setAccountId(unregistered() ? "" : RedisKeys.accountIdOf(member)))
          .setUnregistered(unregistered())
          .setEngagement(round(mass))
          .setSharePercent(round(sum > 0 ? 100 * mass / sum : 0))
          .setLastEngageTime(Timestamps.fromMillis(lastMs))
          .build();
    }
  }

  private static double round(double x) {
    return Math.round(x * 10.0) / 10.0;
  }
}
