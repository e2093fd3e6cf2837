package dev.sway.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch of snapshots and interactions to every account they touch, in the order given:
 * each interaction's target side (engagement received) and actor side (engagement given), with each
 * snapshot placed before the first interaction at or after its time. Every rule reads the state as
 * it stands after everything before it, including earlier events of the same batch, so a stream
 * applied in one batch or in a thousand gives bit-identical states. The engager's quality is read
 * from its own state at the event's time, never from a stored score or a calibration.
 *
 * <p>Shared by the scoring service and the offline evaluation so that both run the same arithmetic.
 * Not thread-safe; one instance may serve many batches.
 */
public final class BatchApplier {
  private final ScoringModel model;

  public BatchApplier(ScoringModel model) {
    this.model = model;
  }

  public ScoringModel model() {
    return model;
  }

  /**
   * One interaction and which of its sides to apply. A writer that stored one side of an event but
   * not the other (two accounts, two conditional writes) applies only the missing side on its
   * retry, with what the first application computed from the other account: the actor side uses the
   * {@code credit}, the target side the engager's {@code context} — the engager's state as it stood
   * at that point of the batch, not as the batch left it.
   *
   * @param credit the farm and pod damping of the event (0-1), needed when only the actor side is
   *     applied
   * @param undo takes back an actor side stored earlier (with {@code credit}): the writer learnt
   *     afterwards that another writer stored the same event, actor side included
   * @param context what the engager side contributed when the event was first applied, or null to
   *     compute it from the engager's state
   */
  public record Item(
      ModelEvent event,
      boolean target,
      boolean actor,
      double credit,
      boolean undo,
      Context context) {
    public static Item of(ModelEvent e) {
      return new Item(e, true, true, 1.0, false, null);
    }

    public static Item sides(
        ModelEvent e, boolean target, boolean actor, double credit, Context context) {
      return new Item(e, target, actor, credit, false, context);
    }

    public static Item undoActor(ModelEvent e, double credit) {
      return new Item(e, false, true, credit, true, null);
    }
  }

  /**
   * What the engager contributes to an interaction's worth, read from the engager's state at the
   * event: its reference score, the reactions it handed out that day (this one included) and the
   * decayed engagement the target gave it (the reverse direction of the pair).
   */
  public record Context(double engagerScore, long givenToday, double reverseMass) {}

  /** What a batch changed. */
  public static final class Result {
    /** Every account whose state changed, in first-touched order. */
    public final Map<String, AccountUpdate> updates = new LinkedHashMap<>();

    /** Per item: the farm and pod damping its actor side was credited with. */
    public final double[] credits;

    /** Per item: the engager context its target side was applied with (null: not applied). */
    public final Context[] contexts;

    Result(int items) {
      this.credits = new double[items];
      this.contexts = new Context[items];
    }
  }

  /** Applies {@code snapshots}, then {@code items} in order, to the states {@code view} gives. */
  public Result apply(EngagementView view, List<ModelSnapshot> snapshots, List<Item> items) {
    Result r = new Result(items.size());
    Map<String, AccountState> states = new HashMap<>();
    Decay decay = model.decay();
    // Snapshots take their place among the interactions by time (before an interaction of the
    // same or a later time), so a time-ordered feed is applied the same however it is batched.
    List<ModelSnapshot> snaps = new ArrayList<>(snapshots);
    snaps.sort(Comparator.comparingLong(ModelSnapshot::observeMs));
    int nextSnap = 0;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      ModelEvent e = item.event();
      while (nextSnap < snaps.size() && snaps.get(nextSnap).observeMs() <= e.timeMs()) {
        applySnapshot(r, states, view, snaps.get(nextSnap++));
      }
      long day = Math.floorDiv(e.timeMs(), Decay.DAY_MS);
      AccountState actor = states.computeIfAbsent(e.actor(), view::state);
      double credit = item.credit();
      if (item.target()) {
        AccountUpdate t = update(r, states, view, e.target());
        long targetDay = t.state.evaluationDay();
        beforeChange(t, day);
        long cutoffMs = e.timeMs() - EngagerTable.RETENTION_MS;
        t.state.engagerTable.expire(cutoffMs);
        double pairScaled = t.state.engagerTable.scaled(e.actor());
        double pairBefore = decay.valueAt(pairScaled, e.timeMs());
        Context ctx = item.context();
        if (ctx == null) {
          long givenToday = (actor.givenDay == day ? actor.givenCount : 0) + (item.actor() ? 1 : 0);
          double engagerScore =
              ScoringModel.referenceScore(model.raw(model.components(actor, e.timeMs())));
          ctx =
              new Context(
                  engagerScore,
                  Math.max(1, givenToday),
                  decay.valueAt(actor.engagerTable.scaledSince(e.target(), cutoffMs), e.timeMs()));
        }
        r.contexts[i] = ctx;
        Contribution c =
            model.applyInteraction(
                t.state,
                e.kind(),
                e.timeMs(),
                e.topics(),
                new EngagerContext(
                    ctx.engagerScore(), ctx.givenToday(), pairBefore, ctx.reverseMass()));
        t.state.engagerTable.record(
            e.actor(), pairScaled + model.pairIncrement(c, pairBefore, e.timeMs()), e.timeMs());
        for (String topic : e.topics()) {
          t.topicCounts.merge(topic, 1, Integer::sum);
        }
        t.contributions.put(e.eventId(), c);
        t.asTarget = true;
        if (day < targetDay) {
          late(t, new LateChange(e.timeMs(), c.amplification(), c.authority(), 0));
        }
        credit = c.farmFactor() * c.podFactor();
      }
      r.credits[i] = credit;
      if (item.undo()) {
        AccountUpdate a = update(r, states, view, e.actor());
        long actorDay = a.state.evaluationDay();
        beforeChange(a, day);
        a.state.authored -= decay.scale(credit, e.timeMs());
        if (day < actorDay) {
          late(
              a,
              new LateChange(e.timeMs(), 0, 0, -model.config().authoredActivityWeight() * credit));
        }
        if (day == a.state.givenDay && a.state.givenCount > 0) {
          a.state.givenCount--;
        }
        a.asActor = true;
      } else if (item.actor()) {
        AccountUpdate a = update(r, states, view, e.actor());
        long actorDay = a.state.evaluationDay();
        beforeChange(a, day);
        if (day < actorDay) {
          late(
              a,
              new LateChange(e.timeMs(), 0, 0, model.config().authoredActivityWeight() * credit));
        }
        // Engagement handed out by a farm or inside a pod earns its giver activity only in the
        // proportion it earned the target anything.
        a.state.authored += decay.scale(credit, e.timeMs());
        if (day == a.state.givenDay) {
          a.state.givenCount++;
        } else if (day > a.state.givenDay) {
          a.state.givenDay = day;
          a.state.givenCount = 1;
        }
        a.state.lastGivenMs = Math.max(a.state.lastGivenMs, e.timeMs());
        a.asActor = true;
      }
    }
    while (nextSnap < snaps.size()) {
      applySnapshot(r, states, view, snaps.get(nextSnap++));
    }
    for (AccountUpdate u : r.updates.values()) {
      closeDay(u);
    }
    return r;
  }

  /**
   * Records a late change and adds it to the points this batch already closed for its day or later
   * (points closed after it include it through the state).
   */
  private void late(AccountUpdate u, LateChange change) {
    if (!HistoryRepair.supported(model)) {
      return;
    }
    u.late.add(change);
    long day = change.day();
    int at = u.history.size();
    for (int i = u.history.size() - 1; i >= 0 && u.history.get(i).epochDay() >= day; i--) {
      DayScore p = u.history.get(i);
      Components c = HistoryRepair.add(model, p.components(), p.epochDay(), List.of(change));
      u.history.set(i, new DayScore(p.epochDay(), c, model.raw(c)));
      at = i;
    }
    // A day between two points this batch closed gets its own: the earlier one decayed to it, plus
    // the change. Before the batch's first point, the stored points are repaired instead.
    boolean hasDay = at < u.history.size() && u.history.get(at).epochDay() == day;
    if (!hasDay && at > 0) {
      DayScore floor = u.history.get(at - 1);
      Components c =
          HistoryRepair.add(
              model,
              model.decayed(floor.components(), (day - floor.epochDay()) * Decay.DAY_MS),
              day,
              List.of(change));
      u.history.add(at, new DayScore(day, c, model.raw(c)));
    }
  }

  private void applySnapshot(
      Result r, Map<String, AccountState> states, EngagementView view, ModelSnapshot sn) {
    AccountUpdate u = update(r, states, view, sn.member());
    beforeChange(u, Math.floorDiv(sn.observeMs(), Decay.DAY_MS));
    model.applySnapshot(u.state, sn.followers(), sn.following(), sn.posts(), sn.observeMs());
    u.asTarget = true;
  }

  private static AccountUpdate update(
      Result r, Map<String, AccountState> states, EngagementView view, String member) {
    return r.updates.computeIfAbsent(
        member, m -> new AccountUpdate(states.computeIfAbsent(m, view::state)));
  }

  /**
   * Called before each change to an account: when the change belongs to a later day than the
   * changes before it, the earlier day is finished and its history point is taken first — so a
   * batch spanning several days leaves the same points as those days received one by one.
   */
  private void beforeChange(AccountUpdate u, long eventDay) {
    long day = Math.max(u.state.evaluationDay(), eventDay);
    if (u.openDay != AccountUpdate.NO_DAY && day > u.openDay) {
      closeDay(u);
    }
    u.openDay = u.openDay == AccountUpdate.NO_DAY ? day : Math.max(u.openDay, day);
  }

  private void closeDay(AccountUpdate u) {
    if (u.openDay != AccountUpdate.NO_DAY && u.state.isScored()) {
      Components c = model.components(u.state, Decay.endOfDayMs(u.openDay));
      u.history.add(new DayScore(u.openDay, c, model.raw(c)));
    }
  }
}
