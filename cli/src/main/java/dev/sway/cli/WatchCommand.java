package dev.sway.cli;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.LeaderboardWatch;
import dev.sway.v1.Subject;
import dev.sway.v1.WatchScoresRequest;
import dev.sway.v1.WatchScoresResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sway watch}: prints each score change as it is stored. When the server closes the stream
 * (a restart, or this client fell behind) it reconnects and starts again from the current state.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Follow scores live: accounts, a person, or a leaderboard's top (one line per change).")
final class WatchCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Parameters(paramLabel = "NETWORK:ACCOUNT", arity = "0..100", description = "Accounts.")
  List<String> accounts = new ArrayList<>();

  @Option(names = "--person", description = "A person (repeatable).")
  List<String> persons = new ArrayList<>();

  @Option(names = "--top", description = "Follow the top N of a leaderboard instead (1-100).")
  Integer top;

  @Option(names = "--network", description = "With --top: a network's leaderboard.")
  String network;

  @Option(names = "--topic", description = "With --top: a topic's leaderboard.")
  String topic;

  @Option(names = "--count", description = "Stop after this many messages (default: never).")
  long count = Long.MAX_VALUE;

  @Option(names = "--json", description = "Print each message as one line of JSON.")
  boolean json;

  /** Streams in a row that end without a message before the command gives up. */
  static final int MAX_FAILURES = 4;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Override
  public Integer call() throws Exception {
    WatchScoresRequest.Builder req = WatchScoresRequest.newBuilder();
    for (String a : accounts) {
      req.addSubjects(Subject.newBuilder().setAccount(ScoreCommand.parseAccount(a)));
    }
    for (String p : persons) {
      req.addSubjects(Subject.newBuilder().setPersonId(p));
    }
    if (top != null) {
      LeaderboardWatch.Builder w = LeaderboardWatch.newBuilder().setTopN(top);
      if (network != null) {
        w.setNetwork(network);
      }
      if (topic != null) {
        w.setTopic(topic);
      }
      req.setLeaderboard(w);
    }
    long printed = 0;
    int failures = 0;
    try (SwayClient c = targets.client()) {
      while (printed < count) {
        BlockingQueue<Object> events = new ArrayBlockingQueue<>(1024);
        AtomicReference<ClientCallStreamObserver<WatchScoresRequest>> call =
            new AtomicReference<>();
        c.queryStream()
            .watchScores(
                req.build(),
                new ClientResponseObserver<WatchScoresRequest, WatchScoresResponse>() {
                  @Override
                  public void beforeStart(ClientCallStreamObserver<WatchScoresRequest> r) {
                    call.set(r);
                  }

                  @Override
                  public void onNext(WatchScoresResponse m) {
                    put(events, m);
                  }

                  @Override
                  public void onError(Throwable t) {
                    put(events, t);
                  }

                  @Override
                  public void onCompleted() {
                    put(events, Status.OK);
                  }
                });
        Object e;
        boolean received = false;
        while ((e = events.take()) instanceof WatchScoresResponse m) {
          received = true;
          print(m);
          if (++printed >= count) {
            break;
          }
        }
        if (printed >= count) {
          call.get().cancel("enough messages", null);
          break;
        }
        // The stream ended (e is its error, or OK when the server closed it, e.g. draining).
        Status s = e instanceof Throwable t ? Status.fromThrowable(t) : (Status) e;
        failures = received ? 1 : failures + 1;
        // Falling behind or a server restart: start again from the current state, a few times
        // in a row at most. Anything else (bad request, no access), or a service that never
        // answers, is the caller's to fix: the error handler says where and how.
        boolean again =
            s.isOk()
                || s.getCode() == Status.Code.RESOURCE_EXHAUSTED
                || s.getCode() == Status.Code.UNAVAILABLE;
        if (!again || failures > MAX_FAILURES) {
          throw e instanceof StatusRuntimeException sre ? sre : s.asRuntimeException();
        }
        System.err.println(
            "sway: the stream ended ("
                + (s.isOk() ? "closed by the server" : s.getCode() + ": " + s.getDescription())
                + "); reconnecting");
        Thread.sleep(500L * failures);
      }
    }
    return 0;
  }

  private static void put(BlockingQueue<Object> q, Object o) {
    try {
      q.put(o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void print(WatchScoresResponse m) throws Exception {
    if (json) {
      System.out.println(CliJson.line(m));
      return;
    }
    String at = TIME.format(Instant.ofEpochMilli(Timestamps.toMillis(m.getChangeTime())));
    String tag = m.getInitial() ? "now " : "change";
    switch (m.getChangeCase()) {
      case SCORE -> {
        var s = m.getScore();
        // An account linked to a person carries the person's id too: only a person's own score
        // lists the accounts it combines.
        String who =
            s.getLinkedAccountsCount() == 0
                ? s.getAccount().getNetwork() + ":" + s.getAccount().getAccountId()
                : "person " + s.getPersonId();
        System.out.printf(
            Locale.ROOT,
            "%s %s %-26s %5.1f  (%d interactions)%n",
            at,
            tag,
            who,
            s.getScore(),
            s.getInteractionCount());
      }
      case NOT_FOUND -> {
        Subject s = m.getNotFound();
        System.out.printf(
            Locale.ROOT,
            "%s %s %-26s no score%n",
            at,
            tag,
            s.hasAccount()
                ? s.getAccount().getNetwork() + ":" + s.getAccount().getAccountId()
                : "person " + s.getPersonId());
      }
      case LEADERBOARD -> {
        StringBuilder b = new StringBuilder();
        for (LeaderboardEntry e : m.getLeaderboard().getEntriesList()) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "%s%d. %s:%s %.1f",
                  b.length() == 0 ? "" : "  ",
                  e.getRank(),
                  e.getAccount().getNetwork(),
                  e.getAccount().getAccountId(),
                  e.getScore()));
        }
        System.out.printf(Locale.ROOT, "%s %s top: %s%n", at, tag, b);
      }
      default -> {}
    }
  }
}
