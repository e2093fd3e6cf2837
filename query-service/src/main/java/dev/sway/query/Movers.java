package dev.sway.query;

import com.google.protobuf.util.Timestamps;
import dev.sway.model.Calibration;
import dev.sway.model.Decay;
import dev.sway.model.EngagerTable;
import dev.sway.model.ScoringModel;
import dev.sway.runtime.Errors.Violation;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryDays;
import dev.sway.store.RedisKeys;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.ListMoversResponse;
import dev.sway.v1.MoveDirection;
import dev.sway.v1.Mover;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ListMovers}: one page of the movers index the scoring service keeps (per window and
 * scope), then, for the accounts on it, the numbers {@code GetScoreHistory} would give — the same
 * history days on the current calibration — and how much of their engagement in the window the
 * anti-gaming rules damp.
 *
 * <p>Cost per request: one range read of the index, then per account on the page its record and
 * history (two GETs) and the records of its engagers active in the window (at most 32 GETs), all in
 * two pipelined rounds.
 */
final class Movers {
  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 100;

  /** A rise is flagged as damped when the rules damp at least this share of its engagement. */
  static final double DAMPED_SHARE = 50;

  private final ScoreReader reader;
  private final CalibrationCache calibration;

  Movers(ScoreReader reader, CalibrationCache calibration) {
    this.reader = reader;
    this.calibration = calibration;
  }

  /** A checked request: the index key, the window, the direction, the page. */
  record Query(String key, int windowDays, boolean up, long offset, int size) {}

  /** Checks a request; null with {@code v} filled when it is not valid. */
  static Query check(ListMoversRequest req, List<Violation> v) {
    String topic = QueryGrpcService.checkScope(req.getNetwork(), req.getTopic(), "", v);
    int w = req.getWindowDays() == 0 ? 7 : req.getWindowDays();
    if (w != 1 && w != 7 && w != 30) {
      v.add(new Violation("window_days", "1, 7 or 30 (0 means 7)"));
    }
    if (req.getPageSize() < 0) {
      v.add(new Violation("page_size", "must not be negative"));
    }
    if (req.getDirectionValue() < 0 || req.getDirectionValue() > 2) {
      v.add(new Violation("direction", "MOVE_DIRECTION_UP or MOVE_DIRECTION_DOWN"));
    }
    boolean up = req.getDirection() != MoveDirection.MOVE_DIRECTION_DOWN;
    String key =
        !req.getNetwork().isEmpty()
            ? RedisKeys.networkMovers(w, req.getNetwork())
            : !topic.isEmpty() ? RedisKeys.topicMovers(w, topic) : RedisKeys.movers(w);
    String tokenScope = key + (up ? "|up" : "|down");
    long offset = 0;
    if (!req.getPageToken().isEmpty()) {
      offset = PageTokens.decode(req.getPageToken(), tokenScope);
      if (offset < 0) {
        v.add(new Violation("page_token", "not a token of this list of movers"));
      }
    }
    if (!v.isEmpty()) {
      return null;
    }
    int size = req.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(req.getPageSize(), MAX_PAGE);
    return new Query(key, w, up, offset, size);
  }

  CompletableFuture<ListMoversResponse> list(Query q) {
    return reader
        .movers(q.key(), q.up(), q.offset(), q.size())
        .thenCompose(
            members ->
                reader
                    .withHistory(members)
                    .thenCompose(accounts -> engagers(accounts, q))
                    .thenApply(page -> response(q, members, page)));
  }

  /** One account of the page with the records of its engagers active in the window. */
  private record Entry(
      ScoreReader.WithHistory account, HistoryView view, Map<String, AccountRecord> engagers) {}

  private CompletableFuture<List<Entry>> engagers(List<ScoreReader.WithHistory> accounts, Query q) {
    Calibration cal = calibration.get();
    List<HistoryView> views = new ArrayList<>();
    Set<String> wanted = new LinkedHashSet<>();
    for (ScoreReader.WithHistory a : accounts) {
      HistoryView view =
          new HistoryView(
              a.history(),
              a.record() == null ? null : a.record().score,
              calibration.clockDay(),
              cal);
      views.add(view);
      if (a.record() != null && !view.isEmpty()) {
        long since = windowStartMs(view, q.windowDays());
        a.record()
            .state
            .engagerTable
            .forEach(
                (engager, pair) -> {
                  if (pair.lastMs >= since) {
                    wanted.add(engager);
                  }
                });
      }
    }
    List<String> names = new ArrayList<>(wanted);
    return reader
        .readWhole(names)
        .thenApply(
            records -> {
              Map<String, AccountRecord> byName = new ConcurrentHashMap<>();
              for (int i = 0; i < names.size(); i++) {
                if (records.get(i) != null) {
                  byName.put(names.get(i), records.get(i));
                }
              }
              List<Entry> out = new ArrayList<>();
              for (int i = 0; i < accounts.size(); i++) {
                out.add(new Entry(accounts.get(i), views.get(i), byName));
              }
              return out;
            });
  }

  private static long windowStartMs(HistoryView view, int windowDays) {
    return (view.latest().epochDay() - windowDays + 1) * Decay.DAY_MS;
  }

  private ListMoversResponse response(Query q, List<String> members, List<Entry> page) {
    List<Mover.Builder> movers = new ArrayList<>();
    for (int i = 0; i < page.size(); i++) {
      Entry e = page.get(i);
      HistoryView view = e.view();
      if (view.isEmpty()) {
        continue; // erased since the index was read
      }
      HistoryView.Day now = view.latest();
      HistoryView.Day then = view.at(now.epochDay() - q.windowDays());
      if (then == null) {
        continue;
      }
      String m = members.get(i);
      double damped = dampedShare(m, e, q.windowDays());
      movers.add(
          Mover.newBuilder()
              .setAccount(ScoreViews.ref(m))
              .setScore(ScoreViews.round(now.score()))
              .setPreviousScore(ScoreViews.round(then.score()))
              .setDelta(HistoryView.roundDelta(now.score() - then.score()))
              .setDampedSharePercent(ScoreViews.round(damped))
              .setDamped(damped >= DAMPED_SHARE));
    }
    // The index placed them with the calibration of their last write; the page is shown in the
    // order of the numbers it shows.
    Comparator<Mover.Builder> byDelta = Comparator.comparingDouble(Mover.Builder::getDelta);
    movers.sort(q.up() ? byDelta.reversed() : byDelta);
    ListMoversResponse.Builder b = ListMoversResponse.newBuilder();
    long rank = q.offset();
    for (Mover.Builder m : movers) {
      b.addMovers(m.setRank(++rank));
    }
    if (calibration.clockDay() != Long.MIN_VALUE) {
      b.setEndDay(Timestamps.fromMillis(calibration.clockDay() * Decay.DAY_MS));
    }
    if (members.size() == q.size()) {
      b.setNextPageToken(
          PageTokens.encode(q.key() + (q.up() ? "|up" : "|down"), q.offset() + q.size()));
    }
    return b.build();
  }

  /**
   * The share (by pair mass) of the engagement an account received in the window that came from
   * engagers the model damps today: reaction farms (more reactions given on their latest day than
   * the model counts in full) and pods (engagement traded both ways beyond the pod mass).
   */
  private static double dampedShare(String member, Entry e, int windowDays) {
    AccountRecord r = e.account().record();
    if (r == null || r.score == null) {
      return 0;
    }
    ScoringModel model = HistoryDays.model(r.score.modelVersion());
    long since = windowStartMs(e.view(), windowDays);
    long at = Decay.endOfDayMs(e.view().latest().epochDay());
    double[] total = {0, 0};
    r.state.engagerTable.forEach(
        (engager, pair) -> {
          if (pair.lastMs < since) {
            return;
          }
          double mass = model.decay().valueAt(pair.scaledMass, at);
          double factor = 1;
          AccountRecord other = e.engagers().get(engager);
          if (other != null) {
            factor *= model.farmFactor(other.state.givenCount);
            EngagerTable back = other.state.engagerTable;
            double reverse = model.decay().valueAt(back.scaled(member), at);
            factor *= model.podFactor(mass, reverse);
          }
          total[0] += mass;
          total[1] += mass * (1 - factor);
        });
    return total[0] > 0 ? 100 * total[1] / total[0] : 0;
  }
}
