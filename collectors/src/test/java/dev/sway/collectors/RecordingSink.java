package dev.sway.collectors;

import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ingest stand-in that de-duplicates as the scoring service does (one event id per target), and
 * can be made slow (calls wait for permits) or failing (the next calls are UNAVAILABLE).
 */
final class RecordingSink implements IngestSink {
  final List<Interaction> accepted = new ArrayList<>();
  final List<ProfileSnapshot> snapshots = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger failNext = new AtomicInteger();
  private volatile Semaphore gate;

  /** From now on each call waits for a permit of {@link #release}. */
  void slow() {
    gate = new Semaphore(0);
  }

  void release(int permits) {
    gate.release(permits);
  }

  void unblock() {
    Semaphore g = gate;
    gate = null;
    if (g != null) {
      g.release(1_000_000);
    }
  }

  private void enter() {
    Semaphore g = gate;
    if (g != null) {
      g.acquireUninterruptibly();
    }
    calls.incrementAndGet();
    if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
      throw Status.UNAVAILABLE.withDescription("test: ingest down").asRuntimeException();
    }
  }

  @Override
  public Ack recordInteractions(List<Interaction> interactions) {
    enter();
    int a = 0;
    int d = 0;
    synchronized (this) {
      for (Interaction x : interactions) {
        if (seen.add(x.getEventId() + "|" + x.getTarget().getAccountId())) {
          accepted.add(x);
          a++;
        } else {
          d++;
        }
      }
    }
    duplicates.addAndGet(d);
    return new Ack(a, d, 0);
  }

  @Override
  public int recordSnapshots(List<ProfileSnapshot> s) {
    enter();
    synchronized (this) {
      snapshots.addAll(s);
    }
    return s.size();
  }

  synchronized int acceptedCount() {
    return accepted.size();
  }

  synchronized List<Interaction> acceptedCopy() {
    return List.copyOf(accepted);
  }

  synchronized List<ProfileSnapshot> snapshotsCopy() {
    return List.copyOf(snapshots);
  }
}
