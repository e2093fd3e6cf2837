package dev.sway.query;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.sway.checks.AccountChecks;
import dev.sway.checks.Limits;
import dev.sway.runtime.Errors;
import dev.sway.runtime.Errors.Violation;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisKeys;
import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.BatchGetScoresResponse;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.ExplainScoreResponse;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.GetScoreResponse;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.ListMoversResponse;
import dev.sway.v1.ListTopicsRequest;
import dev.sway.v1.ListTopicsResponse;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import dev.sway.v1.TopicActivity;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The read API. Handlers do not block: each issues one pipelined Redis round trip and completes the
 * call from its callback. Scores are stored raw and calibrated here with the latest published
 * calibration. The point reads of accounts (GetScore, BatchGetScores) are in {@link ScoreLookups}.
 */
public final class QueryGrpcService extends QueryServiceGrpc.QueryServiceImplBase {
  static final int MAX_BATCH = 1000;
  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 1000;

  private final ScoreReader reader;
  private final CalibrationCache calibration;
  private final Clock clock;

  private final ReadFailures failures;
  private final ScoreLookups lookups;
  private final Movers movers;
  private volatile Watchers watchers;

  /**
   * Account reads in flight at once, across calls: a batch costs its size. Beyond it a batch is
   * refused at once with RESOURCE_EXHAUSTED (retry later) instead of queueing on Redis until its
   * commands time out, and the memory held for replies stays bounded.
   */
  private final Semaphore reads;

  QueryGrpcService(
      ScoreReader reader, CalibrationCache calibration, Clock clock, Counter redisErrors) {
    this(reader, calibration, clock, redisErrors, 20_000);
  }

  QueryGrpcService(
      ScoreReader reader,
      CalibrationCache calibration,
      Clock clock,
      Counter redisErrors,
      int maxReadsInFlight) {
    this.reads = new Semaphore(maxReadsInFlight);
    this.movers = new Movers(reader, calibration);
    this.reader = reader;
    this.calibration = calibration;
    this.clock = clock;
    this.failures = new ReadFailures(redisErrors);
    this.lookups = new ScoreLookups(reader.records(), calibration, failures);
  }

  /** The watchers this service hands WatchScores calls to (set once, before serving). */
  QueryGrpcService watchers(Watchers w) {
    this.watchers = w;
    return this;
  }

  /**
   * The score of one account or person; NOT_FOUND when it was never scored. Runs on a handler
   * thread and returns at once: the call completes on Redis's reply.
   */
  @Override
  public void getScore(GetScoreRequest req, StreamObserver<GetScoreResponse> out) {
    List<Violation> v = new ArrayList<>();
    if (req.hasSubject() && req.hasAccount()) {
      // Picking one silently would answer a question the caller did not ask.
      v.add(new Violation("subject", "give subject or account, not both"));
      out.onError(Errors.invalidArgument(v));
      return;
    }
    Subject subject =
        req.hasSubject()
            ? req.getSubject()
            : Subject.newBuilder().setAccount(req.getAccount()).build();
    checkSubject(subject, "subject", v);
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    if (subject.hasAccount()) {
      lookups.getScore(ScoreViews.member(subject.getAccount()), out);
      return;
    }
    scoreOf(subject)
        .whenComplete(
            complete(
                out,
                s -> {
                  if (s == null) {
                    throw Status.NOT_FOUND
                        .withDescription("no score for " + describe(subject))
                        .asRuntimeException();
                  }
                  return GetScoreResponse.newBuilder().setScore(s).build();
                }));
  }

  /** The score of a subject, or null when it has none. */
  private CompletableFuture<Score> scoreOf(Subject subject) {
    if (subject.hasAccount()) {
      String m = ScoreViews.member(subject.getAccount());
      return reader.read(m).thenApply(r -> ScoreViews.toScore(m, r, calibration.get()));
    }
    String pid = subject.getPersonId();
    return reader
        .personAccounts(pid)
        .thenCompose(
            members ->
                reader
                    .read(members)
                    .thenApply(
                        records -> PersonScores.combine(pid, members, records, calibration.get())));
  }

  static void checkSubject(Subject s, String path, List<Violation> v) {
    if (s.hasAccount()) {
      AccountChecks.checkAccount(s.getAccount(), path + ".account", v);
    } else if (s.getKindCase() == Subject.KindCase.PERSON_ID) {
      AccountChecks.checkId(
          s.getPersonId(), path + ".person_id", AccountChecks.MAX_ACCOUNT_ID_CHARS, v);
    } else {
      v.add(new Violation(path, "an account or a person_id is required"));
    }
  }

  /**
   * Checks the scope of a leaderboard, movers list or watch: a network or a topic, not both, each
   * well formed; returns the topic as stored (normalised). {@code path} prefixes the field names.
   */
  static String checkScope(String network, String rawTopic, String path, List<Violation> v) {
    String topic = AccountChecks.normalizeTopic(rawTopic);
    if (!network.isEmpty() && !topic.isEmpty()) {
      v.add(new Violation(path + "topic", "give a network or a topic, not both"));
    }
    if (!network.isEmpty() && !AccountChecks.isNetwork(network)) {
      v.add(new Violation(path + "network", "lower-case name matching [a-z][a-z0-9_.-]{0,31}"));
    }
    if (topic.length() > Limits.MAX_TOPIC_CHARS) {
      v.add(new Violation(path + "topic", "longer than " + Limits.MAX_TOPIC_CHARS + " characters"));
    }
    return topic;
  }

  private static String describe(Subject s) {
    return s.hasAccount()
        ? "account " + ScoreViews.member(s.getAccount())
        : "person " + s.getPersonId();
  }

  /**
   * One point per day over a range (default: the 90 days up to the account's latest day, which is
   * the score clock's day — for data loaded from the past, its own last days) with 1-, 7- and
   * 30-day deltas, all calibrated with the current calibration.
   */
  @Override
  public void getScoreHistory(
      GetScoreHistoryRequest req, StreamObserver<GetScoreHistoryResponse> out) {
    List<Violation> v = new ArrayList<>();
    if (req.hasSubject() && req.hasAccount()) {
      v.add(new Violation("subject", "give subject or account, not both"));
    } else if (req.hasSubject()) {
      checkSubject(req.getSubject(), "subject", v);
    } else {
      AccountChecks.checkAccount(req.hasAccount() ? req.getAccount() : null, "account", v);
    }
    // A timestamp outside the range protobuf defines (year 1-9999, nanos 0-999,999,999) is the
    // caller's error, not a server failure.
    boolean startOk = !req.hasStartTime() || validTime(req.getStartTime(), "start_time", v);
    boolean endOk = !req.hasEndTime() || validTime(req.getEndTime(), "end_time", v);
    if (!startOk || !endOk) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    Long startDay =
        req.hasStartTime()
            ? Math.floorDiv(Timestamps.toMillis(req.getStartTime()), HistoryView.DAY_MS)
            : null;
    // Without an end, a start runs to today; with neither, the range is the account's last 90 days.
    Long endDay =
        req.hasEndTime()
            ? Long.valueOf(Math.floorDiv(Timestamps.toMillis(req.getEndTime()), HistoryView.DAY_MS))
            : startDay != null
                ? Long.valueOf(Math.floorDiv(clock.millis(), HistoryView.DAY_MS))
                : null;
    if (startDay != null) {
      if (startDay > endDay) {
        v.add(new Violation("start_time", "must not be after end_time"));
      } else if (endDay - startDay > 366) {
        v.add(new Violation("start_time", "history covers at most 366 days"));
      }
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    Subject subject =
        req.hasSubject()
            ? req.getSubject()
            : Subject.newBuilder().setAccount(req.getAccount()).build();
    historyOf(subject)
        .whenComplete(
            complete(
                out,
                view -> {
                  if (view.isEmpty()) {
                    throw Status.NOT_FOUND
                        .withDescription("no history for " + describe(subject))
                        .asRuntimeException();
                  }
                  long toDay = endDay != null ? endDay : view.latest().epochDay();
                  long fromDay = startDay != null ? startDay : toDay - 89;
                  if (toDay - fromDay > 366) {
                    throw Errors.invalidArgument(
                        List.of(new Violation("start_time", "history covers at most 366 days")));
                  }
                  return view.response(fromDay, toDay);
                }));
  }

  /** The daily history of an account, or of a person's linked accounts combined. */
  private CompletableFuture<HistoryView> historyOf(Subject subject) {
    if (subject.hasAccount()) {
      return reader.withHistory(ScoreViews.member(subject.getAccount())).thenApply(this::history);
    }
    return reader
        .personAccounts(subject.getPersonId())
        .thenCompose(
            members ->
                reader
                    .withHistory(members)
                    .thenApply(
                        all ->
                            PersonScores.history(
                                members,
                                all.stream().map(this::history).toList(),
                                calibration.clockDay(),
                                calibration.get())));
  }

  private HistoryView history(ScoreReader.WithHistory a) {
    return new HistoryView(
        a.history(),
        a.record() == null ? null : a.record().score,
        calibration.clockDay(),
        calibration.get());
  }

  /** The score with its components, engagers, topics and last week's change, in words too. */
  @Override
  public void explainScore(ExplainScoreRequest req, StreamObserver<ExplainScoreResponse> out) {
    List<Violation> v = new ArrayList<>();
    AccountChecks.checkAccount(req.hasAccount() ? req.getAccount() : null, "account", v);
    if (req.getTopN() < 0 || req.getTopN() > 50) {
      v.add(new Violation("top_n", "between 1 and 50 (0 means 5)"));
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    String m = ScoreViews.member(req.getAccount());
    int topN = req.getTopN() == 0 ? 5 : req.getTopN();
    reader
        .withHistory(m)
        .whenComplete(
            complete(
                out,
                a -> {
                  Score s = ScoreViews.toScore(m, a.record(), calibration.get());
                  if (s == null) {
                    throw Status.NOT_FOUND
                        .withDescription("no score for account " + m)
                        .asRuntimeException();
                  }
                  AccountRecord r = a.record();
                  return Explainer.explain(
                      s, r.state.engagerTable, history(a), r.score.scoredAtMs(), topN);
                }));
  }

  /** Topics by interactions counted, most active first, in pages. */
  @Override
  public void listTopics(ListTopicsRequest req, StreamObserver<ListTopicsResponse> out) {
    List<Violation> v = new ArrayList<>();
    if (req.getPageSize() < 0) {
      v.add(new Violation("page_size", "must not be negative"));
    }
    long offset = 0;
    if (!req.getPageToken().isEmpty()) {
      offset = PageTokens.decode(req.getPageToken(), RedisKeys.TOPICS);
      if (offset < 0) {
        v.add(new Violation("page_token", "not a token of the topic list"));
      }
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    int size = req.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(req.getPageSize(), MAX_PAGE);
    final long start = offset;
    reader
        .topics(start, size)
        .whenComplete(
            complete(
                out,
                page -> {
                  ListTopicsResponse.Builder b =
                      ListTopicsResponse.newBuilder().setTotalSize(page.total());
                  for (int i = 0; i < page.topics().size(); i++) {
                    b.addTopics(
                        TopicActivity.newBuilder()
                            .setTopic(page.topics().get(i).getValue())
                            .setInteractionCount((long) page.topics().get(i).getScore())
                            .setAccountCount(page.accounts().get(i)));
                  }
                  if (start + page.topics().size() < page.total() && page.topics().size() == size) {
                    b.setNextPageToken(PageTokens.encode(RedisKeys.TOPICS, start + size));
                  }
                  return b.build();
                }));
  }

  /**
   * Scores of up to 1,000 accounts or persons in request order ({@code accounts} first, then {@code
   * subjects}); missing ones have {@code found=false}. The accounts are read with one {@code MGET}
   * per hash slot, together with the other reads in flight.
   */
  @Override
  public void batchGetScores(
      BatchGetScoresRequest req, StreamObserver<BatchGetScoresResponse> out) {
    List<Violation> v = new ArrayList<>();
    int n = req.getAccountsCount() + req.getSubjectsCount();
    if (n == 0) {
      v.add(new Violation("accounts", "at least one account or subject"));
    } else if (n > MAX_BATCH) {
      v.add(new Violation("accounts", "at most " + MAX_BATCH + " accounts and subjects, got " + n));
    } else {
      for (int i = 0; i < req.getAccountsCount(); i++) {
        AccountChecks.checkAccount(req.getAccounts(i), "accounts[" + i + "]", v);
      }
      for (int i = 0; i < req.getSubjectsCount(); i++) {
        checkSubject(req.getSubjects(i), "subjects[" + i + "]", v);
      }
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    if (!reads.tryAcquire(n)) {
      out.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription(
                  "too many account reads in flight; retry later (a batch of "
                      + n
                      + " costs "
                      + n
                      + ")")
              .asRuntimeException());
      return;
    }
    List<Subject> subjects = new ArrayList<>(n);
    req.getAccountsList().forEach(a -> subjects.add(Subject.newBuilder().setAccount(a).build()));
    subjects.addAll(req.getSubjectsList());
    lookups.batchGetScores(subjects, this::scoreOf, () -> reads.release(n), out);
  }

  /**
   * One page of a leaderboard: global, per network or per topic (not both). Highest first; equal
   * scores in a fixed order by account. {@code page_size} 0 means 50, above 1,000 is read as 1,000.
   */
  @Override
  public void listLeaderboard(
      ListLeaderboardRequest req, StreamObserver<ListLeaderboardResponse> out) {
    List<Violation> v = new ArrayList<>();
    String topic = checkScope(req.getNetwork(), req.getTopic(), "", v);
    if (req.getPageSize() < 0) {
      v.add(new Violation("page_size", "must not be negative"));
    }
    if (req.getPersons() && (!req.getNetwork().isEmpty() || !topic.isEmpty())) {
      v.add(new Violation("persons", "the persons' leaderboard has no network or topic"));
    }
    String key =
        req.getPersons()
            ? RedisKeys.PERSON_LEADERBOARD
            : ScoreViews.boardKey(req.getNetwork(), topic);
    long[] cursor = reader.firstPage();
    if (!req.getPageToken().isEmpty()) {
      cursor = PageTokens.decodeCursor(req.getPageToken(), key, reader.boardShards());
      if (cursor == null) {
        v.add(new Violation("page_token", "not a token of this leaderboard"));
      }
    }
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    int size = req.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(req.getPageSize(), MAX_PAGE);
    reader
        .leaderboard(key, cursor, size)
        .whenComplete(
            complete(
                out,
                page -> {
                  ListLeaderboardResponse.Builder b =
                      ListLeaderboardResponse.newBuilder()
                          .setTotalSize(page.total())
                          .addAllEntries(
                              ScoreViews.entries(
                                  page.entries(),
                                  page.firstRank(),
                                  req.getPersons(),
                                  !req.getPersons() && !topic.isEmpty(),
                                  calibration.get()));
                  if (page.firstRank() - 1 + page.entries().size() < page.total()
                      && page.entries().size() == size) {
                    b.setNextPageToken(PageTokens.encodeCursor(key, page.next()));
                  }
                  return b.build();
                }));
  }

  /**
   * Risers or fallers over 1, 7 or 30 days, from the movers index, with the numbers of
   * GetScoreHistory. Returns at once; the call completes on Redis's replies.
   */
  @Override
  public void listMovers(ListMoversRequest req, StreamObserver<ListMoversResponse> out) {
    List<Violation> v = new ArrayList<>();
    Movers.Query q = Movers.check(req, v);
    if (q == null) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    movers.list(q).whenComplete(complete(out, r -> r));
  }

  /**
   * Streams changes of accounts, persons or a leaderboard's top; see {@link Watchers}. Returns at
   * once: messages are sent from the change feed's thread as changes are read.
   */
  @Override
  public void watchScores(WatchScoresRequest req, StreamObserver<WatchScoresResponse> out) {
    List<Violation> v = new ArrayList<>();
    Watchers.check(req, v);
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    if (watchers == null) {
      out.onError(Status.UNIMPLEMENTED.withDescription("no change feed here").asRuntimeException());
      return;
    }
    watchers.watch(req, (ServerCallStreamObserver<WatchScoresResponse>) out);
  }

  /** Completes a call from a future: the mapped value, or the failure as a status. */
  private <T, R> BiConsumer<T, Throwable> complete(StreamObserver<R> out, Function<T, R> map) {
    return (value, error) -> {
      if (error != null) {
        out.onError(failures.status(error));
        return;
      }
      R result;
      try {
        result = map.apply(value);
      } catch (StatusRuntimeException e) {
        out.onError(e);
        return;
      } catch (RuntimeException e) {
        out.onError(ReadFailures.undecodable(e));
        return;
      }
      out.onNext(result);
      out.onCompleted();
    };
  }

  private static boolean validTime(Timestamp t, String field, List<Violation> v) {
    if (!Timestamps.isValid(t)) {
      v.add(
          new Violation(
              field, "not a valid timestamp (seconds within years 1-9999, nanos 0-999999999)"));
      return false;
    }
    return true;
  }
}
