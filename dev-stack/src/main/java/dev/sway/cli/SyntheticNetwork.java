package dev.sway.cli;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated social network for demos, tests and benchmarks: power-law audiences, preferential
 * engagement, topical interests, and a few accounts that try to game the score. Deterministic for a
 * given seed and clock.
 */
public final class SyntheticNetwork {
  static final String[] TOPICS = {
    "ai",
    "climate",
    "football",
    "jazz",
    "startups",
    "photography",
    "cooking",
    "space",
    "gaming",
    "privacy",
    "design",
    "running"
  };
  private static final long DAY_MS = 86_400_000L;

  public final List<ProfileSnapshot> snapshots = new ArrayList<>();
  public final List<Interaction> interactions = new ArrayList<>();

  /** Accounts planted to game the score, with what they try. */
  public final List<String[]> gamers = new ArrayList<>();

  private final SplittableRandom rnd;
  private final long nowMs;
  private int nextEvent;

  private SyntheticNetwork(long seed, long nowMs) {
    this.rnd = new SplittableRandom(seed);
    this.nowMs = nowMs;
  }

  /**
   * @param accounts number of ordinary accounts
   * @param events ordinary interactions among them
   * @param withGamers whether to plant the gaming accounts
   */
  public static SyntheticNetwork generate(
      int accounts, int events, boolean withGamers, long seed, long nowMs) {
    SyntheticNetwork n = new SyntheticNetwork(seed, nowMs);
    n.build(accounts, events);
    if (withGamers) {
      n.plantGamers();
    }
    // Replayed in the order it happened, as a live feed would deliver it.
    n.interactions.sort(
        Comparator.comparingLong(
            i -> i.getEventTime().getSeconds() * 1_000_000_000L + i.getEventTime().getNanos()));
    return n;
  }

  private void build(int count, int events) {
    AccountRef[] accts = new AccountRef[count];
    double[] weight = new double[count];
    String[][] interests = new String[count][];
    for (int i = 0; i < count; i++) {
      String network = i % 10 < 7 ? "x" : "mastodon";
      accts[i] = acct(network, String.format("user%05d", i));
      // Pareto audience (alpha 1.1): most have tens of followers, a few have millions.
      long followers =
          Math.min(5_000_000L, (long) (20 * Math.pow(1 / (1 - rnd.nextDouble()), 1 / 1.1)));
      long following = 50 + (long) (rnd.nextDouble() * 600);
      long posts = 10 + (long) (rnd.nextDouble() * 3000);
      weight[i] = Math.pow(followers, 0.7);
      interests[i] =
          new String[] {TOPICS[rnd.nextInt(TOPICS.length)], TOPICS[rnd.nextInt(TOPICS.length)]};
      snapshot(accts[i], followers, following, posts, nowMs - 30 * DAY_MS);
      snapshot(
          accts[i], followers + followers / 20, following, posts + rnd.nextInt(60), nowMs - 60_000);
    }
    double[] cumulative = new double[count];
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += weight[i];
      cumulative[i] = sum;
    }
    for (int e = 0; e < events; e++) {
      int t = Arrays.binarySearch(cumulative, rnd.nextDouble() * sum);
      t = t < 0 ? -t - 1 : t;
      t = Math.min(t, count - 1);
      int a = rnd.nextInt(count);
      if (a == t || !accts[a].getNetwork().equals(accts[t].getNetwork())) {
        continue;
      }
      double p = rnd.nextDouble();
      InteractionType type =
          p < 0.5
              ? InteractionType.INTERACTION_TYPE_LIKE
              : p < 0.7
                  ? InteractionType.INTERACTION_TYPE_SHARE
                  : p < 0.82
                      ? InteractionType.INTERACTION_TYPE_COMMENT
                      : p < 0.92
                          ? InteractionType.INTERACTION_TYPE_REPLY
                          : InteractionType.INTERACTION_TYPE_MENTION;
      String topic = interests[t][rnd.nextInt(2)];
      interaction(
          type,
          accts[a],
          accts[t],
          topic,
          nowMs - (long) (rnd.nextDouble() * 30 * DAY_MS) - 60_000);
    }
  }

  private void plantGamers() {
    long recent = nowMs - 2 * DAY_MS;
    // Follow-back farm: followed 48k accounts, 12k followed back; nobody engages.
    AccountRef farm = acct("x", "followback_farm");
    snapshot(farm, 12_000, 48_000, 300, nowMs - 60_000);
    gamers.add(
        new String[] {"x:followback_farm", "follow-back farm: follows 48k, 12k followed back"});

    // Superfan: one person likes everything (400 likes).
    AccountRef fanTarget = acct("x", "superfan_target");
    AccountRef fan = acct("x", "superfan");
    snapshot(fanTarget, 800, 300, 200, nowMs - 60_000);
    for (int i = 0; i < 400; i++) {
      interaction(
          InteractionType.INTERACTION_TYPE_LIKE, fan, fanTarget, "jazz", recent + i * 60_000L);
    }
    gamers.add(new String[] {"x:superfan_target", "one superfan gave 400 likes"});

    // Engagement pod: six accounts reply to and share each other all day.
    for (int i = 0; i < 6; i++) {
      AccountRef me = acct("x", "pod" + i);
      snapshot(me, 900, 400, 300, nowMs - 60_000);
      for (int j = 0; j < 6; j++) {
        if (i != j) {
          for (int k = 0; k < 60; k++) {
            interaction(
                k % 2 == 0
                    ? InteractionType.INTERACTION_TYPE_SHARE
                    : InteractionType.INTERACTION_TYPE_REPLY,
                acct("x", "pod" + j),
                me,
                "startups",
                recent + k * 600_000L + j);
          }
        }
      }
    }
    gamers.add(new String[] {"x:pod0", "engagement pod of 6 sharing each other 60 times a pair"});

    // Engagement bait with bought likes: 15 farm accounts each liking 1,000 accounts a day,
    // this one among them.
    AccountRef bought = acct("x", "bought_likes");
    snapshot(bought, 700, 300, 150, nowMs - 60_000);
    for (int f = 0; f < 15; f++) {
      AccountRef bot = acct("x", "likefarm" + f);
      for (int k = 0; k < 1000; k++) {
        AccountRef victim = k == 0 ? bought : acct("x", String.format("user%05d", k % 3000));
        if (k == 0 || rnd.nextInt(10) == 0) {
          interaction(InteractionType.INTERACTION_TYPE_LIKE, bot, victim, "ai", recent + k * 1000L);
        }
      }
    }
    gamers.add(
        new String[] {
          "x:bought_likes", "liked by 15 reaction farms handing out 1,000 likes a day"
        });
  }

  private static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  private void snapshot(AccountRef a, long followers, long following, long posts, long atMs) {
    snapshots.add(
        ProfileSnapshot.newBuilder()
            .setAccount(a)
            .setFollowers(followers)
            .setFollowing(following)
            .setPosts(posts)
            .setObserveTime(Timestamps.fromMillis(atMs))
            .build());
  }

  private void interaction(
      InteractionType type, AccountRef actor, AccountRef target, String topic, long atMs) {
    interactions.add(
        Interaction.newBuilder()
            .setEventId("demo-" + (nextEvent++))
            .setType(type)
            .setActor(actor)
            .setTarget(target)
            .addTopics(topic)
            .setEventTime(Timestamps.fromMillis(Math.min(atMs, nowMs - 1000)))
            .build());
  }
}
