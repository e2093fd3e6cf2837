package dev.sway.query;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.sway.checks.AccountChecks;
import dev.sway.model.Calibration;
import dev.sway.runtime.Errors.Violation;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.LeaderboardTop;
import dev.sway.v1.LeaderboardWatch;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code WatchScores}: one thread per query process reads the change feed the scoring service
 * appends to ({@link RedisKeys#CHANGES}) and hands each change to the watchers it concerns.
 *
 * <p>A watcher is told the current state first, then each change, as the state it leads to (read
 * from Redis once the change is stored, so a message never shows something older than the feed
 * entry). Reads of one watcher never overlap: changes that arrive while one is running are folded
 * into the next, so a burst costs a watcher one read, not one per change, and messages never
 * overtake each other. Each watcher holds at most {@code queueMessages} messages its client has not
 * taken; beyond that it is closed with RESOURCE_EXHAUSTED. A client that reconnects gets the
 * current state again, so the latest state is never missed, only intermediate ones.
 */
final class Watchers implements AutoCloseable {
  static final int MAX_SUBJECTS = 100;
  static final int MAX_TOP_N = 100;
  static final int DEFAULT_TOP_N = 10;
  private static final Logger log = Logger.getLogger(Watchers.class.getName());

  private final ScoreReader reader;
  private final CalibrationCache calibration;
  private final RedisConnector connector;
  private final Clock clock;
  private final int queueMessages;
  private final int maxWatchers;
  private final long redisTimeoutMs;
  private final Map<String, Set<Watcher>> byMember = new ConcurrentHashMap<>();
  private final Map<String, Set<Watcher>> byPerson = new ConcurrentHashMap<>();
  private final Set<Watcher> boards = ConcurrentHashMap.newKeySet();
  private final Set<Watcher> all = ConcurrentHashMap.newKeySet();
  private final Counter dropped;

  /** Held while watchers are added to or removed from the maps above. */
  private final Object registrations = new Object();

  private final Thread feed;
  private volatile boolean closed;

  Watchers(
      ScoreReader reader,
      CalibrationCache calibration,
      RedisConnector connector,
      Clock clock,
      int queueMessages,
      int maxWatchers,
      long redisTimeoutMs,
      MeterRegistry registry) {
    this.redisTimeoutMs = redisTimeoutMs;
    this.reader = reader;
    this.calibration = calibration;
    this.connector = connector;
    this.clock = clock;
    this.queueMessages = queueMessages;
    this.maxWatchers = maxWatchers;
    Gauge.builder("sway.watchers", all, Set::size)
        .description("Open WatchScores streams")
        .register(registry);
    this.dropped =
        Counter.builder("sway.watchers.dropped")
            .description("WatchScores streams closed because their client fell behind")
            .register(registry);
    this.feed = new Thread(this::readFeed, "change-feed");
    feed.setDaemon(true);
  }

  /** Starts reading the change feed from its current end. */
  Watchers start() {
    feed.start();
    return this;
  }

  static void check(WatchScoresRequest req, List<Violation> v) {
    boolean board = req.hasLeaderboard();
    if (board == (req.getSubjectsCount() > 0)) {
      v.add(new Violation("subjects", "give 1 to " + MAX_SUBJECTS + " subjects or a leaderboard"));
    }
    if (req.getSubjectsCount() > MAX_SUBJECTS) {
      v.add(new Violation("subjects", "at most " + MAX_SUBJECTS + " subjects"));
    }
    for (int i = 0; i < Math.min(req.getSubjectsCount(), MAX_SUBJECTS); i++) {
      QueryGrpcService.checkSubject(req.getSubjects(i), "subjects[" + i + "]", v);
    }
    if (board) {
      LeaderboardWatch w = req.getLeaderboard();
      QueryGrpcService.checkScope(w.getNetwork(), w.getTopic(), "leaderboard.", v);
      if (w.getTopN() < 0 || w.getTopN() > MAX_TOP_N) {
        v.add(
            new Violation(
                "leaderboard.top_n",
                "between 1 and " + MAX_TOP_N + " (0 means " + DEFAULT_TOP_N + ")"));
      }
    }
  }

  /** Starts a watch: registers it, then sends the current state. */
  void watch(WatchScoresRequest req, ServerCallStreamObserver<WatchScoresResponse> out) {
    if (closed || all.size() >= maxWatchers) {
      out.onError(
          Status.RESOURCE_EXHAUSTED
              .withDescription("too many watchers on this server (" + maxWatchers + "); retry")
              .asRuntimeException());
      return;
    }
    Watcher w = new Watcher(req, out);
    out.setOnCancelHandler(w::stop);
    out.setOnReadyHandler(w::drain);
    synchronized (registrations) {
      all.add(w);
      if (req.hasLeaderboard()) {
        boards.add(w);
      }
      for (Subject s : req.getSubjectsList()) {
        if (s.hasAccount()) {
          byMember
              .computeIfAbsent(
                  ScoreViews.member(s.getAccount()), k -> ConcurrentHashMap.newKeySet())
              .add(w);
        } else {
          byPerson.computeIfAbsent(s.getPersonId(), k -> ConcurrentHashMap.newKeySet()).add(w);
        }
      }
    }
    // Registered first, then read: a change stored meanwhile is read again, never missed.
    w.changed(new HashSet<>(w.subjects()), true, clock.millis());
  }

  /** One feed entry: the members and persons whose state changed, and when it was stored. */
  void dispatch(List<String> members, List<String> persons, long timeMs) {
    Map<Watcher, Set<String>> hit = new IdentityHashMap<>();
    for (String m : members) {
      Set<Watcher> ws = byMember.get(m);
      if (ws != null) {
        ws.forEach(w -> hit.computeIfAbsent(w, k -> new HashSet<>()).add(m));
      }
    }
    for (String p : persons) {
      Set<Watcher> ws = byPerson.get(p);
      if (ws != null) {
        ws.forEach(w -> hit.computeIfAbsent(w, k -> new HashSet<>()).add("person:" + p));
      }
    }
    for (Watcher w : boards) {
      if (w.concerns(members)) {
        hit.computeIfAbsent(w, k -> new HashSet<>()).add("board");
      }
    }
    hit.forEach((w, what) -> w.changed(what, false, timeMs));
  }

  @SuppressWarnings("unchecked") // XREAD's varargs of generic stream offsets
  private void readFeed() {
    String last = null;
    boolean resync = false;
    RedisConnector.Dedicated conn = null;
    while (!closed) {
      try {
        if (conn == null) {
          conn = connector.dedicated(Duration.ofMillis(redisTimeoutMs));
        }
        var sync = conn.sync();
        if (last == null) {
          // From the feed's end: a watcher starts from the current state, not from the past.
          List<StreamMessage<String, String>> tail =
              sync.xrevrange(RedisKeys.CHANGES, Range.create("-", "+"), Limit.create(0, 1));
          last = tail.isEmpty() ? "0-0" : tail.get(0).getId();
        }
        List<StreamMessage<String, String>> entries =
            sync.xread(
                // Within the command timeout, with room for a slow reply.
                XReadArgs.Builder.block(Math.max(1, redisTimeoutMs / 2)).count(256),
                XReadArgs.StreamOffset.from(RedisKeys.CHANGES, last));
        if (resync) {
          // The feed was out of reach: what changed meanwhile may be trimmed from it already.
          // Every watcher reads its state again, so none keeps a stale one.
          resync = false;
          long now = clock.millis();
          all.forEach(w -> w.changed(new HashSet<>(w.subjects()), false, now));
        }
        for (StreamMessage<String, String> e : entries) {
          last = e.getId();
          Map<String, String> body = e.getBody();
          String m = body.getOrDefault("m", "");
          String p = body.getOrDefault("p", "");
          long t = Long.parseLong(body.getOrDefault("t", Long.toString(clock.millis())));
          if (body.containsKey("r")) {
            // An erasure: the names are not in the feed; every watcher reads its state again.
            all.forEach(w -> w.changed(new HashSet<>(w.subjects()), false, t));
            continue;
          }
          dispatch(
              m.isEmpty() ? List.of() : List.of(m.split("\n")),
              p.isEmpty() ? List.of() : List.of(p.split("\n")),
              t);
        }
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        log.log(Level.WARNING, "change feed: " + e.getMessage() + "; reading again in 1 s");
        resync = true;
        if (conn != null) {
          conn.close();
          conn = null;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (conn != null) {
      conn.close();
    }
  }

  @Override
  public void close() {
    closed = true;
    feed.interrupt();
    // Its connection is closed by the feed thread itself: wait for it, before Redis goes.
    try {
      feed.join(redisTimeoutMs + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Watcher w : all) {
      w.fail(Status.UNAVAILABLE.withDescription("server shutting down; reconnect"));
    }
  }

  /** One open WatchScores stream. */
  private final class Watcher {
    private final WatchScoresRequest req;
    private final ServerCallStreamObserver<WatchScoresResponse> out;
    private final ArrayDeque<WatchScoresResponse> queue = new ArrayDeque<>();
    private final Map<String, WatchScoresResponse> lastSent = new HashMap<>();
    private Set<String> pending = new HashSet<>();
    private boolean pendingInitial;
    private long pendingTimeMs;
    private boolean reading;
    private boolean stopped;

    Watcher(WatchScoresRequest req, ServerCallStreamObserver<WatchScoresResponse> out) {
      this.req = req;
      this.out = out;
    }

    /** What this watcher follows: members, "person:" ids, or "board". */
    List<String> subjects() {
      if (req.hasLeaderboard()) {
        return List.of("board");
      }
      List<String> s = new ArrayList<>();
      for (Subject x : req.getSubjectsList()) {
        s.add(x.hasAccount() ? ScoreViews.member(x.getAccount()) : "person:" + x.getPersonId());
      }
      return s;
    }

    /** Whether a change of these members may move the watched leaderboard. */
    boolean concerns(List<String> members) {
      String network = req.getLeaderboard().getNetwork();
      if (network.isEmpty()) {
        return !members.isEmpty();
      }
      for (String m : members) {
        if (m.startsWith(network + ":")) {
          return true;
        }
      }
      return false;
    }

    /** Notes a change; reads the new state unless a read is running (it will read again). */
    synchronized void changed(Set<String> what, boolean initial, long timeMs) {
      if (stopped) {
        return;
      }
      pending.addAll(what);
      pendingInitial |= initial;
      pendingTimeMs = Math.max(pendingTimeMs, timeMs);
      if (!reading) {
        readPending();
      }
    }

    private void readPending() {
      Set<String> what = pending;
      boolean initial = pendingInitial;
      long timeMs = pendingTimeMs;
      pending = new HashSet<>();
      pendingInitial = false;
      reading = true;
      List<CompletableFuture<WatchScoresResponse>> reads = new ArrayList<>();
      for (String s : what) {
        reads.add(read(s));
      }
      CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
          .whenComplete(
              (x, error) -> {
                synchronized (this) {
                  reading = false;
                  if (error != null) {
                    fail(Status.UNAVAILABLE.withDescription("store unavailable; reconnect"));
                    return;
                  }
                  Timestamp at = Timestamps.fromMillis(timeMs);
                  List<WatchScoresResponse> msgs = new ArrayList<>();
                  List<String> keys = new ArrayList<>(what);
                  for (int i = 0; i < reads.size(); i++) {
                    WatchScoresResponse m = reads.get(i).join();
                    if (!initial && m.equals(lastSent.get(keys.get(i)))) {
                      continue; // stored again, unchanged (a retried or duplicate batch)
                    }
                    lastSent.put(keys.get(i), m);
                    msgs.add(m.toBuilder().setInitial(initial).setChangeTime(at).build());
                  }
                  offer(msgs);
                  if (!pending.isEmpty() && !stopped) {
                    readPending();
                  }
                }
              });
    }

    /** The current state of one subject, without time or initial flag. */
    private CompletableFuture<WatchScoresResponse> read(String subject) {
      Calibration cal = calibration.get();
      if (subject.equals("board")) {
        LeaderboardWatch w = req.getLeaderboard();
        String key =
            ScoreViews.boardKey(w.getNetwork(), AccountChecks.normalizeTopic(w.getTopic()));
        int n = w.getTopN() == 0 ? DEFAULT_TOP_N : w.getTopN();
        return reader
            .leaderboard(key, reader.firstPage(), n)
            .thenApply(
                page -> {
                  LeaderboardTop.Builder top =
                      LeaderboardTop.newBuilder()
                          .setTotalSize(page.total())
                          .addAllEntries(
                              ScoreViews.entries(
                                  page.entries(), 1, false, !w.getTopic().isEmpty(), cal));
                  return WatchScoresResponse.newBuilder().setLeaderboard(top).build();
                });
      }
      Subject s =
          subject.startsWith("person:")
              ? Subject.newBuilder().setPersonId(subject.substring("person:".length())).build()
              : Subject.newBuilder().setAccount(ScoreViews.ref(subject)).build();
      CompletableFuture<Score> score =
          s.hasAccount()
              ? reader.read(subject).thenApply(r -> ScoreViews.toScore(subject, r, cal))
              : reader
                  .personAccounts(s.getPersonId())
                  .thenCompose(
                      members ->
                          reader
                              .read(members)
                              .thenApply(
                                  records ->
                                      PersonScores.combine(
                                          s.getPersonId(), members, records, cal)));
      return score.thenApply(
          x ->
              x == null
                  ? WatchScoresResponse.newBuilder().setNotFound(s).build()
                  : WatchScoresResponse.newBuilder().setScore(x).build());
    }

    /** Queues messages; closes the stream when its client has fallen too far behind. */
    private void offer(List<WatchScoresResponse> msgs) {
      if (stopped) {
        return;
      }
      if (queue.size() + msgs.size() > queueMessages) {
        dropped.increment();
        fail(
            Status.RESOURCE_EXHAUSTED.withDescription(
                "this watcher fell "
                    + queueMessages
                    + " messages behind (it reads slower than the scores change); reconnect with"
                    + " the same request to get the current state"));
        return;
      }
      queue.addAll(msgs);
      drain();
    }

    synchronized void drain() {
      while (!stopped && !queue.isEmpty() && out.isReady()) {
        out.onNext(queue.poll());
      }
    }

    synchronized void fail(Status status) {
      if (!stopped) {
        stop();
        try {
          out.onError(status.asRuntimeException());
        } catch (RuntimeException alreadyClosed) {
          // cancelled by the client meanwhile
        }
      }
    }

    /** Unregisters (client cancelled, or closed here). */
    void stop() {
      synchronized (this) {
        stopped = true;
        queue.clear();
      }
      synchronized (registrations) {
        all.remove(this);
        boards.remove(this);
        for (String s : subjects()) {
          Map<String, Set<Watcher>> map = s.startsWith("person:") ? byPerson : byMember;
          String key = s.startsWith("person:") ? s.substring("person:".length()) : s;
          Set<Watcher> ws = map.get(key);
          if (ws != null && ws.remove(this) && ws.isEmpty()) {
            map.remove(key);
          }
        }
      }
    }
  }
}
