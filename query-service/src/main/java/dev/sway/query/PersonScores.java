package dev.sway.query;

import dev.sway.model.Calibration;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryPoint;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.NetworkScore;
import dev.sway.v1.Score;
import dev.sway.v1.ScoreComponents;
import dev.sway.v1.TopicScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A person's score from its accounts: per network the best account counts; networks combine as a
 * sum with diminishing returns ({@link ScoringModel#combineNetworks}), so linking another network
 * never lowers a person's score.
 */
final class PersonScores {
  private PersonScores() {}

  /**
   * The person's score, or null when none of its accounts is scored.
   *
   * @param records the accounts' records, in the order of {@code members} (null: never stored)
   */
  static Score combine(
      String personId, List<String> members, List<AccountRecord> records, Calibration cal) {
    Map<String, Score> bestPerNetwork = new TreeMap<>();
    Map<String, Double> rawPerNetwork = new TreeMap<>();
    List<AccountRef> linked = new ArrayList<>();
    long followers = 0;
    long engagers = 0;
    long interactions = 0;
    Map<String, Double> topics = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      String member = members.get(i);
      Score one = ScoreViews.toScore(member, records.get(i), cal);
      linked.add(
          AccountRef.newBuilder()
              .setNetwork(RedisKeys.networkOf(member))
              .setAccountId(RedisKeys.accountIdOf(member))
              .build());
      if (one == null) {
        continue;
      }
      double raw = records.get(i).score.raw();
      String network = one.getAccount().getNetwork();
      if (raw > rawPerNetwork.getOrDefault(network, -1.0)) {
        rawPerNetwork.put(network, raw);
        bestPerNetwork.put(network, one);
      }
      followers += one.getFollowers();
      engagers += one.getDistinctEngagers();
      interactions += one.getInteractionCount();
      for (TopicScore t : one.getTopicScoresList()) {
        topics.merge(t.getTopic(), t.getScore(), Math::max);
      }
    }
    if (bestPerNetwork.isEmpty()) {
      return null;
    }
    double raw = ScoringModel.combineNetworks(new ArrayList<>(rawPerNetwork.values()));
    List<Score> best = new ArrayList<>(bestPerNetwork.values());
    best.sort(Comparator.comparingDouble(Score::getScore).reversed());
    ScoreComponents c =
        ScoreComponents.newBuilder()
            .setReach(combined(best, x -> x.getComponents().getReach()))
            .setAmplification(combined(best, x -> x.getComponents().getAmplification()))
            .setAuthority(combined(best, x -> x.getComponents().getAuthority()))
            .setActivity(combined(best, x -> x.getComponents().getActivity()))
            .build();
    Score.Builder b =
        Score.newBuilder()
            .setAccount(best.get(0).getAccount())
            .setPersonId(personId)
            .addAllLinkedAccounts(linked)
            .setScore(ScoreViews.round(cal.scoreOf(raw)))
            .setPercentile(ScoreViews.round(100 * cal.rankOf(raw)))
            .setComponents(c)
            .setModelVersion(best.get(0).getModelVersion())
            .setUpdateTime(best.get(0).getUpdateTime())
            .setFollowers(followers)
            .setDistinctEngagers(engagers)
            .setInteractionCount(interactions);
    bestPerNetwork.forEach(
        (n, s) ->
            b.addNetworkScores(NetworkScore.newBuilder().setNetwork(n).setScore(s.getScore())));
    topics.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(ScoreViews.MAX_TOPICS_SHOWN)
        .forEach(
            t ->
                b.addTopicScores(
                    TopicScore.newBuilder().setTopic(t.getKey()).setScore(t.getValue())));
    return b.build();
  }

  private static double combined(List<Score> best, ToDoubleFunction<Score> f) {
    List<Double> values = best.stream().map(f::applyAsDouble).toList();
    return ScoreViews.round(Math.min(100, ScoringModel.combineNetworks(values)));
  }

  /**
   * A person's daily history from its accounts' (each a {@link HistoryView} of the same
   * calibration): each day combines the best account per network that day as {@link #combine} does,
   * so the last day is the person's score and the deltas compare like with like. The accounts are
   * the ones linked now: unlinking an account takes its days out of the history, erasing the person
   * leaves none.
   */
  static HistoryView history(
      List<String> members, List<HistoryView> accounts, long clockDay, Calibration cal) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    String model = null;
    for (HistoryView v : accounts) {
      if (!v.isEmpty()) {
        first = Math.min(first, v.first().epochDay());
        last = Math.max(last, v.latest().epochDay());
        model = v.latest().modelVersion();
      }
    }
    TreeMap<Long, HistoryPoint> points = new TreeMap<>();
    for (long d = first; d <= last && first != Long.MAX_VALUE; d++) {
      Map<String, HistoryView.Day> best = new TreeMap<>();
      for (int i = 0; i < members.size(); i++) {
        HistoryView.Day day = accounts.get(i).at(d);
        if (day == null && !accounts.get(i).isEmpty() && d > accounts.get(i).latest().epochDay()) {
          day = accounts.get(i).latest(); // an account not brought to this day yet stays put
        }
        if (day != null) {
          best.merge(
              RedisKeys.networkOf(members.get(i)), day, (a, b) -> a.raw() >= b.raw() ? a : b);
        }
      }
      if (best.isEmpty()) {
        continue;
      }
      List<HistoryView.Day> days = new ArrayList<>(best.values());
      points.put(
          d,
          new HistoryPoint(
              d,
              component(days, x -> x.components().reach()),
              component(days, x -> x.components().amplification()),
              component(days, x -> x.components().authority()),
              component(days, x -> x.components().activity()),
              ScoringModel.combineNetworks(days.stream().map(HistoryView.Day::raw).toList()),
              model));
    }
    return new HistoryView(points, null, clockDay, cal);
  }

  private static double component(List<HistoryView.Day> days, ToDoubleFunction<HistoryView.Day> f) {
    return Math.min(
        100, ScoringModel.combineNetworks(days.stream().map(f::applyAsDouble).toList()));
  }
}
