package dev.sway.cli;

import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.Mover;
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
      String name =
          e.getPersonId().isEmpty()
              ? e.getAccount().getNetwork() + ":" + e.getAccount().getAccountId()
              : "person " + e.getPersonId();
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

  /** Risers or fallers: rank, account, score then and now, change, and the damped flag. */
  static void movers(PrintStream out, List<Mover> movers, int windowDays) {
    out.printf(
        Locale.ROOT,
        "%4s  %-26s %7s %6s %7s  %s%n",
        "rank",
        "account",
        windowDays + "d ago",
        "now",
        "change",
        "note");
    for (Mover m : movers) {
      String line =
          String.format(
              Locale.ROOT,
              "%4d  %-26s %7.1f %6.1f %+7.1f  %s",
              m.getRank(),
              m.getAccount().getNetwork() + ":" + m.getAccount().getAccountId(),
              m.getPreviousScore(),
              m.getScore(),
              m.getDelta(),
              m.getDamped()
                  ? String.format(
                      Locale.ROOT,
                      "damped: %.0f%% of its engagement is from farms or pods",
                      m.getDampedSharePercent())
                  : "");
      out.println(line.stripTrailing());
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
