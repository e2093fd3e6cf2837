package dev.sway.collectors;

import dev.sway.v1.ProfileSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches the profiles of accounts the stream names and sends them as snapshots: each account at
 * most once per {@code refreshAfterMs}, 25 a call, at most {@code callsPerSecond} calls, backing
 * off on 429 and 5xx. The backlog is bounded: an account that finds it full is counted and left for
 * a later sighting.
 */
final class ProfileRefresher implements Consumer<String>, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProfileRefresher.class.getName());

  private final AppView appView;
  private final Sender sender;
  private final Clock clock;
  private final CollectorMetrics metrics;
  private final long intervalMs;
  private final long refreshAfterMs;
  private final int backlogMax;
  private final Backoff backoff;
  private final LinkedHashSet<String> backlog = new LinkedHashSet<>();
  private final Map<String, Long> refreshedMs;
  private final Map<String, String> handles;
  private final Thread thread;
  private volatile boolean running = true;

  ProfileRefresher(
      AppView appView,
      IngestSink sink,
      Clock clock,
      CollectorMetrics metrics,
      String network,
      double callsPerSecond,
      long refreshAfterMs,
      int backlogMax,
      int rememberMax,
      long backoffInitialMs,
      long backoffMaxMs) {
    if (callsPerSecond <= 0) {
      throw new IllegalArgumentException("calls per second must be positive");
    }
    this.appView = appView;
    this.clock = clock;
    this.metrics = metrics;
    this.intervalMs = (long) Math.ceil(1000 / callsPerSecond);
    this.refreshAfterMs = refreshAfterMs;
    this.backlogMax = backlogMax;
    SplittableRandom random = new SplittableRandom();
    this.backoff = new Backoff(backoffInitialMs, backoffMaxMs, random.split());
    this.sender = new Sender(sink, metrics, new Backoff(backoffInitialMs, backoffMaxMs, random));
    this.refreshedMs = bounded(rememberMax);
    this.handles = bounded(rememberMax);
    metrics.gauge(
        "sway.collector.profile.backlog", "Accounts waiting for a profile fetch", this::backlog);
    this.thread = new Thread(this::run, network + "-profiles");
    this.thread.setDaemon(true);
  }

  private static <V> Map<String, V> bounded(int max) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> e) {
        return size() > max;
      }
    };
  }

  ProfileRefresher start() {
    thread.start();
    return this;
  }

  @Override
  public synchronized void accept(String accountId) {
    Long last = refreshedMs.get(accountId);
    if ((last != null && clock.millis() - last < refreshAfterMs) || backlog.contains(accountId)) {
      return;
    }
    if (backlog.size() >= backlogMax) {
      metrics.skipped("profile_backlog_full");
      return;
    }
    backlog.add(accountId);
    notifyAll();
  }

  synchronized int backlog() {
    return backlog.size();
  }

  /** The handle last fetched for an account, or null. */
  synchronized String handle(String accountId) {
    return handles.get(accountId);
  }

  private synchronized List<String> nextBatch() throws InterruptedException {
    while (backlog.isEmpty() && running) {
      wait(1000);
    }
    List<String> batch = new ArrayList<>(AppView.MAX_ACTORS);
    Iterator<String> it = backlog.iterator();
    while (it.hasNext() && batch.size() < AppView.MAX_ACTORS) {
      batch.add(it.next());
      it.remove();
    }
    return batch;
  }

  private synchronized void putBack(List<String> batch) {
    for (String d : batch) {
      if (backlog.size() < backlogMax) {
        backlog.add(d);
      }
    }
  }

  private void run() {
    try {
      while (running) {
        List<String> batch = nextBatch();
        if (batch.isEmpty()) {
          continue;
        }
        long started = clock.millis();
        try {
          List<AppView.Profile> profiles = appView.getProfiles(batch);
          metrics.profileFetch("ok");
          backoff.reset();
          send(batch, profiles);
          Thread.sleep(Math.max(0, intervalMs - (clock.millis() - started)));
        } catch (AppView.RetryLater e) {
          metrics.profileFetch(e.status == 429 ? "throttled" : "server_error");
          putBack(batch);
          Thread.sleep(Math.max(e.retryAfterMs, backoff.nextDelayMs()));
        } catch (IOException e) {
          metrics.profileFetch("error");
          LOG.log(Level.FINE, "profile fetch failed", e);
          putBack(batch);
          Thread.sleep(backoff.nextDelayMs());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(List<String> asked, List<AppView.Profile> profiles)
      throws InterruptedException {
    long now = clock.millis();
    List<ProfileSnapshot> snapshots = new ArrayList<>(profiles.size());
    for (AppView.Profile p : profiles) {
      snapshots.add(
          ProfileSnapshot.newBuilder()
              .setAccount(BlueskyNetwork.account(p.did()))
              .setFollowers(Math.min(p.followers(), 10_000_000_000L))
              .setFollowing(Math.min(p.follows(), 10_000_000_000L))
              .setPosts(Math.min(p.posts(), 10_000_000_000L))
              .setObserveTime(MastodonNetwork.timestamp(now))
              .build());
    }
    boolean stored = sender.snapshots(snapshots, () -> running);
    synchronized (this) {
      // Accounts the AppView does not know (deleted, taken down) are not asked for again either.
      for (String d : asked) {
        refreshedMs.put(d, stored ? now : now - refreshAfterMs);
      }
      for (AppView.Profile p : profiles) {
        if (p.handle() != null && !p.handle().equals("handle.invalid")) {
          handles.put(p.did(), p.handle());
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
