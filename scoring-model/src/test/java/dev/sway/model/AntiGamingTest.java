package dev.sway.model;

import static dev.sway.model.EngagementSim.DAY_MS;
import static dev.sway.model.EngagementSim.HOUR_MS;
import static dev.sway.model.EngagementSim.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AntiGamingTest {
  private static final double ORDINARY = 40;

  private final EngagementSim sim = new EngagementSim();
  private final ModelConfig cfg = sim.model.config();

  // One obsessive fan must not be worth a crowd, or a single sock puppet can fake popularity.
  @Test
  void superfanLikesAreWorthFarLessThanACrowdsLikes() {
    sim.snapshot("fanned", 2_000, 300, 100, T0);
    sim.snapshot("crowd", 2_000, 300, 100, T0);
    for (int i = 0; i < 100; i++) {
      long t = T0 + i * 2 * HOUR_MS;
      sim.interact("superfan", "fanned", InteractionKind.LIKE, t, ORDINARY);
      sim.interact("fan-" + i, "crowd", InteractionKind.LIKE, t, ORDINARY);
    }
    long now = T0 + 200 * HOUR_MS;

    double ratio = sim.amplificationUnits("fanned", now) / sim.amplificationUnits("crowd", now);
    assertThat(ratio).isLessThan(1.0 / 5);
    assertThat(sim.raw("fanned", now)).isLessThan(sim.raw("crowd", now));
    assertThat(sim.model.distinctEngagers(sim.account("fanned"), now)).isLessThanOrEqualTo(1.0);
  }

  // Klout's rule: an account handing out N > 50 reactions a day is worth at most 50/N each.
  @Test
  void aReactionFromAFarmIsWorthAtMostFiftyOverItsDailyVolume() {
    for (InteractionKind kind : InteractionKind.values()) {
      Contribution normal =
          sim.model.applyInteraction(
              new AccountState(), kind, T0, List.of(), new EngagerContext(ORDINARY, 1, 0, 0));
      Contribution farm =
          sim.model.applyInteraction(
              new AccountState(), kind, T0, List.of(), new EngagerContext(ORDINARY, 1_000, 0, 0));
      double cap = 50.0 / 1_000 * (1 + 1e-12);

      assertThat(normal.farmFactor()).isEqualTo(1.0);
      assertThat(farm.farmFactor()).isCloseTo(50.0 / 1_000, within(1e-15));
      assertThat(farm.amplification())
          .as(kind.name())
          .isPositive()
          .isLessThanOrEqualTo(normal.amplification() * cap);
      assertThat(farm.authority()).as(kind.name()).isLessThanOrEqualTo(normal.authority() * cap);
    }
  }

  // Buying likes from farm accounts must not beat being liked by the same number of real people.
  @Test
  void likesFromReactionFarmsScoreBelowLikesFromPeople() {
    sim.snapshot("farmed", 2_000, 300, 100, T0);
    sim.snapshot("liked", 2_000, 300, 100, T0);
    for (int i = 0; i < 20; i++) {
      long t = T0 + i * HOUR_MS;
      sim.givenElsewhere("farm-" + i, t, 2_000 + 150L * i);
      sim.interact("farm-" + i, "farmed", InteractionKind.LIKE, t, ORDINARY);
      sim.interact("person-" + i, "liked", InteractionKind.LIKE, t, ORDINARY);
    }
    long now = T0 + DAY_MS;

    assertThat(sim.raw("farmed", now)).isLessThan(sim.raw("liked", now));
  }

  // Pods (groups trading engagement) must earn less than the same volume from real audiences.
  @Test
  void engagementPodEarnsLessThanNonReciprocatingEngagers() {
    sim.snapshot("pod-0", 2_000, 300, 100, T0);
    sim.snapshot("solo", 2_000, 300, 100, T0);
    double w = cfg.weight(InteractionKind.COMMENT);
    int damped = 0;
    for (int round = 0; round < 60; round++) {
      long t = T0 + round * 4 * HOUR_MS;
      for (int a = 0; a < 6; a++) {
        for (int b = 0; b < 6; b++) {
          if (a == b) {
            continue;
          }
          double mutual =
              Math.min(
                  sim.pairMass("pod-" + a, "pod-" + b, t) + w,
                  sim.pairMass("pod-" + b, "pod-" + a, t));
          Contribution c =
              sim.interact("pod-" + a, "pod-" + b, InteractionKind.COMMENT, t, ORDINARY);
          if (mutual > cfg.podMass()) {
            damped++;
            assertThat(c.podFactor())
                .isLessThan(1.0)
                .isCloseTo(Math.pow(cfg.podMass() / mutual, 2), within(1e-12));
          } else {
            assertThat(c.podFactor()).isEqualTo(1.0);
          }
        }
      }
      for (int f = 0; f < 5; f++) {
        sim.interact("fan-" + f, "solo", InteractionKind.COMMENT, t, ORDINARY);
      }
    }
    long now = T0 + 240 * HOUR_MS;

    assertThat(damped).isGreaterThan(6 * 5 * 50);
    assertThat(sim.account("pod-0").interactions).isEqualTo(sim.account("solo").interactions);
    assertThat(sim.amplificationUnits("pod-0", now))
        .isLessThan(sim.amplificationUnits("solo", now));
    assertThat(sim.components("pod-0", now).amplification())
        .isLessThan(sim.components("solo", now).amplification());
    // Trading engagement also earns no activity beyond its damped share, so the whole score loses.
    assertThat(sim.raw("pod-0", now)).isLessThan(sim.raw("solo", now));
  }

  // Following everyone to get followed back inflates follower counts without any real audience:
  // 48,000 follows bought 12,000 follow-backs.
  @Test
  void followBackFarmHasLessReachThanASmallGenuineAudience() {
    sim.snapshot("follow-back", 12_000, 48_000, 100, T0);
    sim.snapshot("genuine", 5_000, 300, 100, T0);

    assertThat(sim.components("follow-back", T0).reach())
        .isLessThan(sim.components("genuine", T0).reach());
    // Nobody following 500 or fewer is penalised, nor a large account following a few thousand.
    for (long following : new long[] {0, 1, 50, 300, 500}) {
      for (long followers : new long[] {0, 10, 1_000, 1_000_000}) {
        assertThat(ScoringModel.followBackPenalty(followers, following)).isEqualTo(1.0);
      }
    }
    assertThat(ScoringModel.followBackPenalty(200_000, 3_000)).isEqualTo(1.0);
  }

  // Bait pulls crowds of low-quality comments; fewer shares from respected people must win.
  @Test
  void engagementBaitFromLowQualityAccountsLosesToGenuineShares() {
    sim.snapshot("bait", 2_000, 300, 100, T0);
    sim.snapshot("genuine", 2_000, 300, 100, T0);
    for (int i = 0; i < 300; i++) {
      long t = T0 + i * HOUR_MS;
      sim.interact("bot-" + i, "bait", InteractionKind.COMMENT, t, 3);
      if (i % 10 == 0) {
        sim.interact("expert-" + i, "genuine", InteractionKind.SHARE, t, 80);
      }
    }
    long now = T0 + 300 * HOUR_MS;
    Components bait = sim.components("bait", now);
    Components genuine = sim.components("genuine", now);

    assertThat(sim.raw("bait", now)).isLessThan(sim.raw("genuine", now));
    // At most 300 * ln(1 + 2) * 0.03^2 ≈ 0.30 units, i.e. under 3 of 100 authority points.
    assertThat(sim.authorityUnits("bait", now)).isLessThan(300 * Math.log(3) * 0.03 * 0.03);
    assertThat(bait.authority()).isLessThan(3.0).isLessThan(genuine.authority() / 10);
  }

  // Klout's million-follower fallacy: an audience that never reacts is not influence.
  @Test
  void amplifiedSmallAccountBeatsSilentMillionFollowers() {
    sim.snapshot("famous", 1_000_000, 200, 100, T0);
    sim.snapshot("amplified", 10_000, 200, 100, T0);
    for (int i = 0; i < 200; i++) {
      InteractionKind kind = i % 2 == 0 ? InteractionKind.SHARE : InteractionKind.COMMENT;
      sim.interact("reader-" + i, "amplified", kind, T0 + i * 3 * HOUR_MS, 50);
    }
    long now = T0 + 600 * HOUR_MS;

    assertThat(sim.components("famous", now).reach())
        .isGreaterThan(sim.components("amplified", now).reach());
    assertThat(sim.raw("amplified", now)).isGreaterThan(sim.raw("famous", now));
  }
}
