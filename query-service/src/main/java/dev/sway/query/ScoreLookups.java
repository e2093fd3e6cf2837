package dev.sway.query;

import dev.sway.model.Calibration;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisKeys;
import dev.sway.v1.BatchGetScoresResponse;
import dev.sway.v1.BatchGetScoresResult;
import dev.sway.v1.GetScoreResponse;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The point reads of the API, GetScore of an account and BatchGetScores, on the {@link
 * RecordBatcher}: a call's keys join the next batch, and the call is answered from the I/O thread
 * that received the reply, with no future or hand-off in between. Per call this allocates the read
 * (its keys and value slots) and the reply; the handlers stay non-blocking, so the server runs them
 * on its transport threads.
 */
final class ScoreLookups {
  private final RecordBatcher batcher;
  private final CalibrationCache calibration;
  private final ReadFailures failures;

  ScoreLookups(RecordBatcher batcher, CalibrationCache calibration, ReadFailures failures) {
    this.batcher = batcher;
    this.calibration = calibration;
    this.failures = failures;
  }

  /** GetScore of one account ({@code network:account_id}): NOT_FOUND when it was never scored. */
  void getScore(String member, StreamObserver<GetScoreResponse> out) {
    if (!batcher.submit(new OneScore(member, out))) {
      out.onError(ReadFailures.full());
    }
  }

  /** Whether the caller behind {@code out} has gone: cancelled, or its deadline passed. */
  static boolean gone(StreamObserver<?> out) {
    return out instanceof ServerCallStreamObserver<?> s && s.isCancelled();
  }

  private final class OneScore extends RecordBatcher.Read {
    private final String member;
    private final StreamObserver<GetScoreResponse> out;

    OneScore(String member, StreamObserver<GetScoreResponse> out) {
      super(RedisKeys.account(member));
      this.member = member;
      this.out = out;
    }

    @Override
    boolean abandoned() {
      return gone(out);
    }

    @Override
    void done(Throwable error) {
      if (error != null) {
        out.onError(failures.status(error));
        return;
      }
      Score s;
      try {
        s = ScoreViews.toScore(member, decode(values[0]), calibration.get());
      } catch (RuntimeException e) {
        out.onError(ReadFailures.undecodable(e));
        return;
      }
      if (s == null) {
        out.onError(
            Status.NOT_FOUND
                .withDescription("no score for account " + member)
                .asRuntimeException());
        return;
      }
      out.onNext(GetScoreResponse.newBuilder().setScore(s).build());
      out.onCompleted();
    }
  }

  /** The score part of a stored record (its tables are skipped), or null when there is none. */
  static AccountRecord decode(byte[] bytes) {
    return bytes == null ? null : AccountRecord.decodeScore(bytes);
  }

  /**
   * BatchGetScores of checked subjects, in request order: every account's record in the next batch
   * (one {@code MGET} per slot), each person through {@code person}. {@code release} runs once,
   * before the call is answered.
   */
  void batchGetScores(
      List<Subject> subjects,
      Function<Subject, CompletableFuture<Score>> person,
      Runnable release,
      StreamObserver<BatchGetScoresResponse> out) {
    List<String> members = new ArrayList<>(subjects.size());
    List<CompletableFuture<Score>> persons = new ArrayList<>();
    for (Subject s : subjects) {
      if (s.hasAccount()) {
        members.add(ScoreViews.member(s.getAccount()));
      } else {
        persons.add(person.apply(s));
      }
    }
    Batch b = new Batch(subjects, members, persons, release, out);
    if (!persons.isEmpty()) {
      CompletableFuture.allOf(persons.toArray(CompletableFuture[]::new))
          .whenComplete((x, e) -> b.part(e));
    }
    if (!members.isEmpty() && !batcher.submit(b)) {
      b.part(new ReadFailures.Full());
    }
  }

  private final class Batch extends RecordBatcher.Read {
    private final List<Subject> subjects;
    private final List<String> members;
    private final List<CompletableFuture<Score>> persons;
    private final Runnable release;
    private final StreamObserver<BatchGetScoresResponse> out;

    /** The parts still due: the accounts' read and the persons' scores, each when there are any. */
    private final AtomicInteger parts;

    private volatile Throwable error;

    Batch(
        List<Subject> subjects,
        List<String> members,
        List<CompletableFuture<Score>> persons,
        Runnable release,
        StreamObserver<BatchGetScoresResponse> out) {
      super(members.stream().map(RedisKeys::account).toArray(String[]::new));
      this.subjects = subjects;
      this.members = members;
      this.persons = persons;
      this.release = release;
      this.out = out;
      this.parts = new AtomicInteger((members.isEmpty() ? 0 : 1) + (persons.isEmpty() ? 0 : 1));
    }

    @Override
    boolean abandoned() {
      return gone(out);
    }

    @Override
    void done(Throwable e) {
      part(e);
    }

    void part(Throwable e) {
      if (e != null && error == null) {
        error = e;
      }
      if (parts.decrementAndGet() == 0) {
        release.run();
        if (error != null) {
          out.onError(failures.status(error));
          return;
        }
        BatchGetScoresResponse r;
        try {
          r = response();
        } catch (RuntimeException x) {
          out.onError(ReadFailures.undecodable(x));
          return;
        }
        out.onNext(r);
        out.onCompleted();
      }
    }

    private BatchGetScoresResponse response() {
      Calibration cal = calibration.get();
      BatchGetScoresResponse.Builder b = BatchGetScoresResponse.newBuilder();
      int ai = 0;
      int pi = 0;
      for (Subject sub : subjects) {
        BatchGetScoresResult.Builder r = BatchGetScoresResult.newBuilder();
        Score score;
        if (sub.hasAccount()) {
          r.setAccount(sub.getAccount());
          score = ScoreViews.toScore(members.get(ai), decode(values[ai]), cal);
          ai++;
        } else {
          r.setPersonId(sub.getPersonId());
          score = persons.get(pi++).join();
        }
        r.setFound(score != null);
        if (score != null) {
          r.setScore(score);
        }
        b.addResults(r);
      }
      return b.build();
    }
  }
}
