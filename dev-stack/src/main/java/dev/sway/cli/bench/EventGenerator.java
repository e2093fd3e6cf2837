package dev.sway.cli.bench;

import com.google.protobuf.Timestamp;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Interactions among a power-law population, generated as fast as they are sent: targets are drawn
 * with probability proportional to {@code rank^-1} (Zipf), actors uniformly, and the event mix is
 * configurable.
 */
final class EventGenerator {
  private final AccountRef[] accounts;
  private final double[] cumulative;
  private final double[] mix; // cumulative over LIKE, COMMENT, REPLY, SHARE, MENTION
  private final SplittableRandom rnd;
  private final String prefix;
  private long next;

  EventGenerator(int population, double[] mixWeights, long seed, String prefix) {
    accounts = new AccountRef[population];
    cumulative = new double[population];
    double sum = 0;
    for (int i = 0; i < population; i++) {
      accounts[i] = AccountRef.newBuilder().setNetwork("x").setAccountId("b" + i).build();
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    double total = Arrays.stream(mixWeights).sum();
    mix = new double[mixWeights.length];
    double c = 0;
    for (int i = 0; i < mixWeights.length; i++) {
      c += mixWeights[i] / total;
      mix[i] = c;
    }
    rnd = new SplittableRandom(seed);
    this.prefix = prefix;
  }

  AccountRef account(int i) {
    return accounts[i];
  }

  int population() {
    return accounts.length;
  }

  int randomTarget() {
    int t = Arrays.binarySearch(cumulative, rnd.nextDouble() * cumulative[cumulative.length - 1]);
    return Math.min(t < 0 ? -t - 1 : t, accounts.length - 1);
  }

  Interaction next(long timeMs) {
    int t = randomTarget();
    int a = rnd.nextInt(accounts.length);
    if (a == t) {
      a = (a + 1) % accounts.length;
    }
    double p = rnd.nextDouble();
    int k = 0;
    while (k < mix.length - 1 && p > mix[k]) {
      k++;
    }
    return Interaction.newBuilder()
        .setEventId(prefix + (next++))
        .setType(InteractionType.forNumber(k + 1))
        .setActor(accounts[a])
        .setTarget(accounts[t])
        .setEventTime(
            Timestamp.newBuilder()
                .setSeconds(timeMs / 1000)
                .setNanos((int) (timeMs % 1000) * 1_000_000))
        .build();
  }

  /** Parses "like=50,share=20,…" into weights over LIKE, COMMENT, REPLY, SHARE, MENTION. */
  static double[] parseMix(String s) {
    double[] w = new double[5];
    String[] names = {"like", "comment", "reply", "share", "mention"};
    for (String part : s.split(",")) {
      String[] kv = part.split("=");
      int i = Arrays.asList(names).indexOf(kv[0].trim().toLowerCase(Locale.ROOT));
      if (i < 0 || kv.length != 2) {
        throw new IllegalArgumentException(
            "mix entries are like|comment|reply|share|mention=weight, got '" + part + "'");
      }
      w[i] = Double.parseDouble(kv[1]);
    }
    return w;
  }
}
