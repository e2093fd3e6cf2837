package dev.sway.cli;

import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.Score;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-text tables for people. */
final class Tables {
  private Tables() {}

  static void leaderboard(
      PrintStream out, List<LeaderboardEntry> entries, Map<String, Score> details) {
    out.printf(
        Locale.ROOT,
        "%4s  %-26s %6s  %6s %6s %6s %6s%n",
        "rank",
        "account",
        "score",
        "reach",
        "ampl",
        "auth",
        "activ");
    for (LeaderboardEntry e : entries) {
      String name = e.getAccount().getNetwork() + ":" + e.getAccount().getAccountId();
      Score s = details.get(name);
      if (s == null) {
        out.printf(Locale.ROOT, "%4d  %-26s %6.1f%n", e.getRank(), name, e.getScore());
      } else {
        out.printf(
            Locale.ROOT,
            "%4d  %-26s %6.1f  %6.1f %6.1f %6.1f %6.1f%n",
            e.getRank(),
            name,
            e.getScore(),
            s.getComponents().getReach(),
            s.getComponents().getAmplification(),
            s.getComponents().getAuthority(),
            s.getComponents().getActivity());
      }
    }
  }

  static void score(PrintStream out, Score s) {
    out.printf(
        Locale.ROOT,
        "%s:%s  score %.1f  (percentile %.1f, model %s)%n",
        s.getAccount().getNetwork(),
        s.getAccount().getAccountId(),
        s.getScore(),
        s.getPercentile(),
        s.getModelVersion());
    out.printf(
        Locale.ROOT,
        "  reach %.1f  amplification %.1f  authority %.1f  activity %.1f%n",
        s.getComponents().getReach(),
        s.getComponents().getAmplification(),
        s.getComponents().getAuthority(),
        s.getComponents().getActivity());
    out.printf(
        Locale.ROOT,
        "  followers %d  distinct engagers %d  interactions counted %d%n",
        s.getFollowers(),
        s.getDistinctEngagers(),
        s.getInteractionCount());
    if (s.getTopicScoresCount() > 0) {
      StringBuilder b = new StringBuilder("  topics:");
      s.getTopicScoresList()
          .forEach(
              t -> b.append(String.format(Locale.ROOT, " %s %.1f", t.getTopic(), t.getScore())));
      out.println(b);
    }
  }
}
