package dev.sway.query;

import com.google.protobuf.util.Timestamps;
import dev.sway.model.Calibration;
import dev.sway.model.Components;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.NetworkScore;
import dev.sway.v1.Score;
import dev.sway.v1.ScoreComponents;
import dev.sway.v1.TopicScore;
import io.lettuce.core.ScoredValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stored scores as the API shows them: a record's raw score calibrated to 1-100 and a percentile,
 * its components to three decimals, its topics by score. Shared by account and person scores,
 * history and explanations, so every call rounds alike.
 */
final class ScoreViews {
  private ScoreViews() {}

  /** Topics listed with a score, the strongest first. */
  static final int MAX_TOPICS_SHOWN = 20;

  /** The score of an account from its record; null when it has none. */
  static Score toScore(String member, AccountRecord record, Calibration cal) {
    if (record == null || record.score == null) {
      return null;
    }
    AccountRecord.Score stored = record.score;
    Calibration rest = cal.without(stored.raw());
    double score = round(rest.score(stored.raw()));
    Components c = components(stored);
    Score.Builder b =
        Score.newBuilder()
            .setAccount(
                AccountRef.newBuilder()
                    .setNetwork(RedisKeys.networkOf(member))
                    .setAccountId(RedisKeys.accountIdOf(member)))
            .setScore(score)
            .setPercentile(round(100 * rest.rank(stored.raw())))
            .setComponents(
                ScoreComponents.newBuilder()
                    .setReach(c.reach())
                    .setAmplification(c.amplification())
                    .setAuthority(c.authority())
                    .setActivity(c.activity()))
            .setModelVersion(stored.modelVersion())
            .setUpdateTime(Timestamps.fromMillis(stored.updatedMs()))
            .setDistinctEngagers(stored.distinctEngagers())
            .setInteractionCount(record.state.interactions)
            .setFollowers(record.state.followers)
            .setPersonId(record.personId == null ? "" : record.personId)
            .addNetworkScores(
                NetworkScore.newBuilder().setNetwork(RedisKeys.networkOf(member)).setScore(score));
    stored.topicRaws().entrySet().stream()
        .map(
            e ->
                TopicScore.newBuilder()
                    .setTopic(e.getKey())
                    .setScore(round(cal.score(e.getValue())))
                    .build())
        .sorted(
            Comparator.comparingDouble(TopicScore::getScore)
                .reversed()
                .thenComparing(TopicScore::getTopic))
        .limit(MAX_TOPICS_SHOWN)
        .forEach(b::addTopicScores);
    return b.build();
  }

  /**
   * The components of a stored score, as shown: stored in single precision, they are given to three
   * decimals.
   */
  static Components components(AccountRecord.Score s) {
    Components c = s.components();
    return new Components(
        thousandths(c.reach()),
        thousandths(c.amplification()),
        thousandths(c.authority()),
        thousandths(c.activity()));
  }

  private static double thousandths(double x) {
    return Math.round(x * 1000.0) / 1000.0;
  }

  /** The leaderboard key of a scope: a network's, a topic's (normalised) or the global one. */
  static String boardKey(String network, String topic) {
    return !network.isEmpty()
        ? RedisKeys.networkLeaderboard(network)
        : !topic.isEmpty() ? RedisKeys.topicLeaderboard(topic) : RedisKeys.LEADERBOARD_ALL;
  }

  /**
   * Leaderboard rows from stored (member, raw score) pairs, ranked from {@code firstRank}; a member
   * is a person id on the persons' board, an account otherwise. An account (or a person) is scored
   * against the rest of the population, as its own score card is; a topic's raw score is not in the
   * population and is scored against all of it.
   */
  static List<LeaderboardEntry> entries(
      List<ScoredValue<String>> stored,
      long firstRank,
      boolean persons,
      boolean topic,
      Calibration cal) {
    List<LeaderboardEntry> out = new ArrayList<>(stored.size());
    long rank = firstRank;
    for (ScoredValue<String> e : stored) {
      LeaderboardEntry.Builder entry =
          LeaderboardEntry.newBuilder()
              .setRank(rank++)
              .setScore(round(topic ? cal.score(e.getScore()) : cal.scoreOf(e.getScore())));
      if (persons) {
        entry.setPersonId(e.getValue());
      } else {
        entry.setAccount(ref(e.getValue()));
      }
      out.add(entry.build());
    }
    return out;
  }

  /** The account a member names. */
  static AccountRef ref(String member) {
    return AccountRef.newBuilder()
        .setNetwork(RedisKeys.networkOf(member))
        .setAccountId(RedisKeys.accountIdOf(member))
        .build();
  }

  static String member(AccountRef a) {
    return RedisKeys.member(a.getNetwork(), a.getAccountId());
  }

  static double round(double x) {
    return Math.round(x * 10.0) / 10.0;
  }
}
