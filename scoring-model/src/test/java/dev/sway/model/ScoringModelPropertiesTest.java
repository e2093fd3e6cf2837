package dev.sway.model;

import static dev.sway.model.EngagementSim.DAY_MS;
import static dev.sway.model.EngagementSim.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class ScoringModelPropertiesTest {
  private static final long WINDOW_MS = 60 * DAY_MS;
  private final ScoringModel model = new ScoringModel(ModelConfig.DEFAULT);

  record Event(
      InteractionKind kind,
      long offsetMs,
      double engagerScore,
      long givenToday,
      double pairMass,
      double reverseMass,
      List<String> topics) {}

  record Snapshot(long followers, long following, long posts, long offsetMs) {}

  @Provide
  Arbitrary<List<Event>> events() {
    return Combinators.combine(
            Arbitraries.of(InteractionKind.class),
            Arbitraries.longs().between(0, WINDOW_MS),
            Arbitraries.doubles().between(0, 100),
            Arbitraries.longs().between(1, 5_000),
            Arbitraries.doubles().between(0, 200),
            Arbitraries.doubles().between(0, 200),
            Arbitraries.of("ai", "art", "go").list().uniqueElements().ofMaxSize(2))
        .as(Event::new)
        .list()
        .ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Snapshot>> snapshots() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 1_000_000_000L),
            Arbitraries.longs().between(0, 10_000_000L),
            Arbitraries.longs().between(0, 1_000_000L),
            Arbitraries.longs().between(0, WINDOW_MS))
        .as(Snapshot::new)
        .list()
        .ofMaxSize(4);
  }

  private List<Contribution> play(AccountState s, List<Snapshot> snaps, List<Event> events) {
    for (Snapshot snap : snaps) {
      long t = T0 + snap.offsetMs();
      model.applySnapshot(s, snap.followers(), snap.following(), snap.posts(), t);
    }
    List<Contribution> out = new ArrayList<>();
    for (Event e : events) {
      out.add(
          model.applyInteraction(
              s,
              e.kind(),
              T0 + e.offsetMs(),
              e.topics(),
              new EngagerContext(e.engagerScore(), e.givenToday(), e.pairMass(), e.reverseMass())));
      s.authored += model.authoredIncrement(T0 + e.offsetMs());
    }
    return out;
  }

  // Published components and the raw score are documented as 0-100 whatever the input.
  @Property(tries = 300)
  void componentsAndRawStayWithinZeroToHundred(
      @ForAll("events") List<Event> events,
      @ForAll("snapshots") List<Snapshot> snaps,
      @ForAll @LongRange(min = 0, max = 400 * DAY_MS) long readOffsetMs) {
    AccountState s = new AccountState();
    play(s, snaps, events);
    Components c = model.components(s, T0 + readOffsetMs);

    for (double part : new double[] {c.reach(), c.amplification(), c.authority(), c.activity()}) {
      assertThat(part).isBetween(0.0, 100.0);
    }
    assertThat(model.raw(c)).isBetween(0.0, 100.0);
  }

  // Replays, retries and audits must reproduce a score bit for bit from the same events.
  @Property(tries = 200)
  void sameInputsGiveIdenticalStateAndComponents(
      @ForAll("events") List<Event> events, @ForAll("snapshots") List<Snapshot> snaps) {
    AccountState a = new AccountState();
    AccountState b = new AccountState();
    List<Contribution> ca = play(a, snaps, events);
    List<Contribution> cb = play(b, snaps, events);
    long now = T0 + WINDOW_MS;

    assertThat(a).usingRecursiveComparison().isEqualTo(b);
    assertThat(ca).isEqualTo(cb);
    assertThat(model.components(a, now)).isEqualTo(model.components(b, now));
  }

  // Being engaged by one more real person must never cost an account score.
  @Property(tries = 300)
  void anExtraEngagementFromANewPersonNeverLowersAnything(
      @ForAll("events") List<Event> events,
      @ForAll("snapshots") List<Snapshot> snaps,
      @ForAll InteractionKind kind,
      @ForAll @LongRange(min = 0, max = WINDOW_MS) long offsetMs,
      @ForAll @DoubleRange(min = 0, max = 100) double engagerScore,
      @ForAll @LongRange(min = 0, max = 30 * DAY_MS) long readAfterMs) {
    AccountState before = new AccountState();
    play(before, snaps, events);
    AccountState after = before.copy();
    model.applyInteraction(
        after, kind, T0 + offsetMs, List.of("ai"), new EngagerContext(engagerScore, 1, 0, 0));
    long now = T0 + WINDOW_MS + readAfterMs;
    Components b = model.components(before, now);
    Components a = model.components(after, now);

    assertThat(a.reach()).isGreaterThanOrEqualTo(b.reach());
    assertThat(a.amplification()).isGreaterThanOrEqualTo(b.amplification());
    assertThat(a.authority()).isGreaterThanOrEqualTo(b.authority());
    assertThat(a.activity()).isGreaterThanOrEqualTo(b.activity());
    assertThat(model.raw(a)).isGreaterThanOrEqualTo(model.raw(b));
    assertThat(model.decay().valueAt(after.amplification, now))
        .isGreaterThan(model.decay().valueAt(before.amplification, now));
  }

  // Linking one more network must never lower a person's score; the best network counts in full.
  @Property(tries = 500)
  void addingANetworkNeverLowersTheCombinedScore(
      @ForAll @Size(max = 6) List<@DoubleRange(min = 0, max = 100) Double> raws,
      @ForAll @DoubleRange(min = 0, max = 100) double extra) {
    List<Double> more = new ArrayList<>(raws);
    more.add(extra);
    double before = ScoringModel.combineNetworks(raws);
    double after = ScoringModel.combineNetworks(more);
    double max = more.stream().mapToDouble(Double::doubleValue).max().orElse(0);

    // 1e-12 absorbs rounding only: re-sorting changes the order of the floating-point sum.
    assertThat(after).isGreaterThanOrEqualTo(before - 1e-12);
    assertThat(after).isGreaterThanOrEqualTo(max).isLessThanOrEqualTo(2 * max);
  }
}
