package dev.sway.cli;

import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.BatchGetScoresResult;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.Mover;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Plain-text tables for people. */
final class Tables {
  private Tables() {}

  /** The name shown for a leaderboard entry: the account, or the person. */
  static String name(LeaderboardEntry e) {
    return e.getPersonId().isEmpty()
        ? e.getAccount().getNetwork() + ":" + e.getAccount().getAccountId()
        : "person " + e.getPersonId();
  }

  /** The scores of a page's entries (one BatchGetScores), by {@link #name}. */
  static Map<String, Score> details(SwayClient client, List<LeaderboardEntry> entries) {
    if (entries.isEmpty()) {
      return Map.of();
    }
    BatchGetScoresRequest.Builder req = BatchGetScoresRequest.newBuilder();
    for (LeaderboardEntry e : entries) {
      req.addSubjects(
          e.getPersonId().isEmpty()
              ? Subject.newBuilder().setAccount(e.getAccount())
              : Subject.newBuilder().setPersonId(e.getPersonId()));
    }
    Map<String, Score> out = new HashMap<>();
    List<BatchGetScoresResult> results =
        client.query().batchGetScores(req.build()).getResultsList();
    for (int i = 0; i < results.size() && i < entries.size(); i++) {
      if (results.get(i).getFound()) {
        out.put(name(entries.get(i)), results.get(i).getScore());
      }
    }
    return out;
  }

  /**
   * A leaderboard page: rank, name (the column as wide as the longest), score and its four
   * components; a component the details lack is shown as "-". On a topic's board the score is the
   * topic score and the components are the account's overall ones, so the overall score is shown
   * beside them and the header says so.
   */
  static void leaderboard(
      PrintStream out, List<LeaderboardEntry> entries, Map<String, Score> details) {
    leaderboard(out, entries, details, "");
  }

  static void leaderboard(
      PrintStream out, List<LeaderboardEntry> entries, Map<String, Score> details, String topic) {
    int width = "account".length();
    for (LeaderboardEntry e : entries) {
      width = Math.max(width, name(e).length());
    }
    boolean onTopic = !topic.isEmpty();
    String head = "%4s  %-" + width + "s %6s  " + (onTopic ? "%7s " : "%s") + "%6s %6s %6s %6s%n";
    out.printf(
        Locale.ROOT,
        head,
        "rank",
        "account",
        onTopic ? "topic" : "score",
        onTopic ? "overall" : "",
        "reach",
        "ampl",
        "auth",
        "activ");
    for (LeaderboardEntry e : entries) {
      String name = name(e);
      Score s = details.get(name);
      out.printf(
          Locale.ROOT,
          "%4d  %-" + width + "s %6.1f  " + (onTopic ? "%7s " : "%s") + "%6s %6s %6s %6s%n",
          e.getRank(),
          name,
          e.getScore(),
          onTopic ? (s == null ? "-" : one(s.getScore())) : "",
          s == null ? "-" : one(s.getComponents().getReach()),
          s == null ? "-" : one(s.getComponents().getAmplification()),
          s == null ? "-" : one(s.getComponents().getAuthority()),
          s == null ? "-" : one(s.getComponents().getActivity()));
    }
    if (onTopic && !entries.isEmpty()) {
      out.println(
          "topic: the score on '"
              + topic
              + "' alone (interactions tagged with it); overall and its components: all of the"
              + " account's interactions");
    }
  }

  /** A number with one decimal: the one rounding every command shows. */
  static String one(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
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
    String who =
        s.getLinkedAccountsCount() > 0
            ? "person " + s.getPersonId()
            : s.getAccount().getNetwork() + ":" + s.getAccount().getAccountId();
    out.printf(
        Locale.ROOT,
        "%s  score %.1f  (percentile %.1f, model %s)%n",
        who,
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
        "  followers %,d  recent engagers %,d (decayed count)  interactions received %,d%n",
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
    if (s.getLinkedAccountsCount() > 0) {
      out.println(
          "  accounts combined: "
              + String.join(
                  ", ",
                  s.getLinkedAccountsList().stream()
                      .map(a -> a.getNetwork() + ":" + a.getAccountId())
                      .toList()));
    } else if (!s.getPersonId().isEmpty()) {
      out.printf(
          "  linked to person %s: 'sway score --person %s' shows the combined score%n",
          s.getPersonId(), s.getPersonId());
    }
  }
}
