package dev.sway.query;

import com.google.protobuf.util.Timestamps;
import dev.sway.model.Calibration;
import dev.sway.runtime.AccountChecks;
import dev.sway.runtime.Errors;
import dev.sway.runtime.Errors.Violation;
import dev.sway.store.AccountFields;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.BatchGetScoresResponse;
import dev.sway.v1.BatchGetScoresResult;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.GetScoreResponse;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.NetworkScore;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import dev.sway.v1.ScoreComponents;
import dev.sway.v1.TopicScore;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.ScoredValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The read API. Handlers do not block: each issues one pipelined Redis round trip and
 * completes the call from its callback. Scores are stored raw and calibrated here with the
 * latest published calibration.
 */
public final class QueryGrpcService extends QueryServiceGrpc.QueryServiceImplBase {
  static final int MAX_BATCH = 1000;
  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 1000;
  static final int MAX_TOPICS_SHOWN = 20;

  private final ScoreReader reader;
  private final CalibrationCache calibration;

  QueryGrpcService(ScoreReader reader, CalibrationCache calibration) {
    this.reader = reader;
    this.calibration = calibration;
  }

  /** The score of one account; NOT_FOUND when it was never scored. */
  @Override
  public void getScore(GetScoreRequest req, StreamObserver<GetScoreResponse> out) {
    List<Violation> v = new ArrayList<>();
    AccountChecks.checkAccount(req.hasAccount() ? req.getAccount() : null, "account", v);
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    String member = member(req.getAccount());
    reader.read(List.of(member)).whenComplete(complete(out, list -> {
      ScoreReader.StoredScore s = list.get(0);
      if (!s.found()) {
        throw Status.NOT_FOUND.withDescription("no score for account " + member).asRuntimeException();
      }
      return GetScoreResponse.newBuilder().setScore(toScore(s, calibration.get())).build();
    }));
  }

  /** Scores of up to 1,000 accounts in request order; missing ones have {@code found=false}. */
  @Override
  public void batchGetScores(BatchGetScoresRequest req, StreamObserver<BatchGetScoresResponse> out) {
    List<Violation> v = new ArrayList<>();
    if (req.getAccountsCount() == 0) {
      v.add(new Violation("accounts", "at least one account"));
    } else if (req.getAccountsCount() > MAX_BATCH) {
      v.add(new Violation("accounts", "at most " + MAX_BATCH + " accounts, got " + req.getAccountsCount()));
    } else {
      for (int i = 0; i < req.getAccountsCount(); i++) {
        AccountChecks.checkAccount(req.getAccounts(i), "accounts[" + i + "]", v);
      }
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    List<String> members = req.getAccountsList().stream().map(QueryGrpcService::member).toList();
    reader.read(members).whenComplete(complete(out, list -> {
      Calibration cal = calibration.get();
      BatchGetScoresResponse.Builder b = BatchGetScoresResponse.newBuilder();
      for (int i = 0; i < list.size(); i++) {
        ScoreReader.StoredScore s = list.get(i);
        BatchGetScoresResult.Builder r = BatchGetScoresResult.newBuilder()
            .setAccount(req.getAccounts(i)).setFound(s.found());
        if (s.found()) {
          r.setScore(toScore(s, cal));
        }
        b.addResults(r);
      }
      return b.build();
    }));
  }

  /**
   * One page of a leaderboard: global, per network or per topic (not both). Highest first;
   * equal scores in a fixed order by account. {@code page_size} 0 means 50, above 1,000 is
   * read as 1,000.
   */
  @Override
  public void listLeaderboard(ListLeaderboardRequest req, StreamObserver<ListLeaderboardResponse> out) {
    List<Violation> v = new ArrayList<>();
    String topic = req.getTopic().isEmpty() ? "" : req.getTopic().strip().replaceFirst("^#+", "")
        .toLowerCase(Locale.ROOT);
    if (!req.getNetwork().isEmpty() && !topic.isEmpty()) {
      v.add(new Violation("topic", "give a network or a topic, not both"));
    }
    if (!req.getNetwork().isEmpty() && !req.getNetwork().matches("[a-z][a-z0-9_.-]{0,31}")) {
      v.add(new Violation("network", "lower-case name matching [a-z][a-z0-9_.-]{0,31}"));
    }
    if (topic.length() > 64) {
      v.add(new Violation("topic", "longer than 64 characters"));
    }
    if (req.getPageSize() < 0) {
      v.add(new Violation("page_size", "must not be negative"));
    }
    String key = !req.getNetwork().isEmpty() ? RedisKeys.networkLeaderboard(req.getNetwork())
        : !topic.isEmpty() ? RedisKeys.topicLeaderboard(topic) : RedisKeys.LEADERBOARD_ALL;
    long offset = 0;
    if (!req.getPageToken().isEmpty()) {
      offset = decodeToken(req.getPageToken(), key);
      if (offset < 0) {
        v.add(new Violation("page_token", "not a token of this leaderboard"));
      }
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    int size = req.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(req.getPageSize(), MAX_PAGE);
    final long start = offset;
    reader.leaderboard(key, start, size).whenComplete(complete(out, page -> {
      Calibration cal = calibration.get();
      ListLeaderboardResponse.Builder b = ListLeaderboardResponse.newBuilder().setTotalSize(page.total());
      long rank = start;
      for (ScoredValue<String> e : page.entries()) {
        String m = e.getValue();
        b.addEntries(LeaderboardEntry.newBuilder()
            .setRank(++rank)
            .setAccount(AccountRef.newBuilder().setNetwork(RedisKeys.networkOf(m))
                .setAccountId(RedisKeys.accountIdOf(m)))
            .setScore(round(cal.score(e.getScore()))));
      }
      if (start + page.entries().size() < page.total() && page.entries().size() == size) {
        b.setNextPageToken(encodeToken(key, start + size));
      }
      return b.build();
    }));
  }

  static String encodeToken(String key, long offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((key + "|" + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset in a token, or -1 when the token is not one of {@code key}. */
  static long decodeToken(String token, String key) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int bar = s.lastIndexOf('|');
      if (bar < 0 || !s.substring(0, bar).equals(key)) {
        return -1;
      }
      long off = Long.parseLong(s.substring(bar + 1));
      return off < 0 ? -1 : off;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  static Score toScore(ScoreReader.StoredScore s, Calibration cal) {
    Map<String, String> f = s.fields();
    double raw = Double.parseDouble(f.get(AccountFields.RAW));
    double score = round(cal.score(raw));
    Score.Builder b = Score.newBuilder()
        .setAccount(AccountRef.newBuilder().setNetwork(RedisKeys.networkOf(s.member()))
            .setAccountId(RedisKeys.accountIdOf(s.member())))
        .setScore(score)
        .setPercentile(round(100 * cal.rank(raw)))
        .setModelVersion(f.getOrDefault(AccountFields.MODEL_VERSION, ""))
        .setDistinctEngagers(parseLong(f.get(AccountFields.DISTINCT_ENGAGERS)))
        .setInteractionCount(parseLong(f.get(AccountFields.INTERACTIONS)))
        .setFollowers(parseLong(f.get(AccountFields.FOLLOWERS)))
        .addNetworkScores(NetworkScore.newBuilder()
            .setNetwork(RedisKeys.networkOf(s.member())).setScore(score));
    String c = f.get(AccountFields.COMPONENTS);
    if (c != null) {
      String[] p = c.split(",");
      b.setComponents(ScoreComponents.newBuilder()
          .setReach(Double.parseDouble(p[0])).setAmplification(Double.parseDouble(p[1]))
          .setAuthority(Double.parseDouble(p[2])).setActivity(Double.parseDouble(p[3])));
    }
    String u = f.get(AccountFields.UPDATED_MS);
    if (u != null) {
      b.setUpdateTime(Timestamps.fromMillis(Long.parseLong(u)));
    }
    s.topicRaws().entrySet().stream()
        .map(e -> TopicScore.newBuilder().setTopic(e.getKey())
            .setScore(round(cal.score(Double.parseDouble(e.getValue())))).build())
        .sorted(Comparator.comparingDouble(TopicScore::getScore).reversed()
            .thenComparing(TopicScore::getTopic))
        .limit(MAX_TOPICS_SHOWN)
        .forEach(b::addTopicScores);
    return b.build();
  }

  static String member(AccountRef a) {
    return RedisKeys.member(a.getNetwork(), a.getAccountId());
  }

  private static long parseLong(String s) {
    return s == null ? 0 : Long.parseLong(s);
  }

  static double round(double x) {
    return Math.round(x * 10.0) / 10.0;
  }

  /** Completes a call from a future: the mapped value, or the failure as a status. */
  private static <T, R> BiConsumer<T, Throwable> complete(
      StreamObserver<R> out, java.util.function.Function<T, R> map) {
    return (value, error) -> {
      if (error != null) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException
            && error.getCause() != null ? error.getCause() : error;
        out.onError(Status.UNAVAILABLE.withDescription("store unavailable: " + cause.getMessage())
            .asRuntimeException());
        return;
      }
      R result;
      try {
        result = map.apply(value);
      } catch (io.grpc.StatusRuntimeException e) {
        out.onError(e);
        return;
      } catch (RuntimeException e) {
        out.onError(Status.INTERNAL.withDescription("cannot read stored score").withCause(e)
            .asRuntimeException());
        return;
      }
      out.onNext(result);
      out.onCompleted();
    };
  }
}
