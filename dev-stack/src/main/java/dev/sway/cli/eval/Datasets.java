package dev.sway.cli.eval;

import dev.sway.model.InteractionKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The four SNAP datasets mapped to interactions, each with its temporal split. Self-interactions
 * are left out everywhere (the API rejects them). Events are applied in time order: the three files
 * that are already in time order keep their file order, and Bitcoin Alpha's rows are sorted by time
 * (stably, so rows of the same hour keep their file order), as the ratings would have arrived.
 */
public final class Datasets {
  /** Command-line names, in table order. */
  public static final List<String> NAMES =
      List.of("higgs", "collegemsg", "bitcoin-otc", "bitcoin-alpha");

  /** 2004-06-01T00:00:00Z. */
  static final long COLLEGE_CUT_S = 1_086_048_000L;

  /** 2004-08-01T00:00:00Z. */
  static final long COLLEGE_END_S = 1_091_318_400L;

  /** 2013-01-01T00:00:00Z. */
  static final long BITCOIN_CUT_S = 1_356_998_400L;

  /** 2014-01-01T00:00:00Z. */
  static final long BITCOIN_END_S = 1_388_534_400L;

  private Datasets() {}

  /** The file of {@code name} under the shared data folder's layout. */
  public static Path defaultFile(String name, Path dataDir) {
    return switch (name) {
      case "higgs" -> dataDir.resolve("higgs-twitter/higgs-activity_time.txt.gz");
      case "collegemsg" -> dataDir.resolve("college-msg/CollegeMsg.txt");
      case "bitcoin-otc" -> dataDir.resolve("bitcoin-otc/soc-sign-bitcoinotc.csv");
      case "bitcoin-alpha" -> dataDir.resolve("bitcoin-alpha/soc-sign-bitcoinalpha.csv");
      default -> throw unknown(name);
    };
  }

  public static Dataset load(String name, Path file) throws IOException {
    return switch (name) {
      case "higgs" -> higgs(HiggsLog.read(file));
      case "collegemsg" -> collegeMsg(CollegeMsg.read(file));
      case "bitcoin-otc" -> bitcoin(name, "Bitcoin OTC", BitcoinRatings.read(file));
      case "bitcoin-alpha" -> bitcoin(name, "Bitcoin Alpha", BitcoinRatings.read(file));
      default -> throw unknown(name);
    };
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "unknown dataset '" + name + "'; known: " + String.join(", ", NAMES) + ", all");
  }

  /**
   * Higgs: a retweet is a SHARE, a reply a REPLY, a mention a MENTION. Known: days 1-4 (1-4 July
   * 2012); measured: retweets received in days 5-7.
   */
  public static Dataset higgs(List<HiggsLog.Event> log) {
    List<Interaction> out = new ArrayList<>(log.size());
    int self = 0;
    for (HiggsLog.Event e : log) {
      if (e.actor() == e.target()) {
        self++;
        continue;
      }
      InteractionKind kind =
          switch (e.type()) {
            case 'T' -> InteractionKind.SHARE;
            case 'E' -> InteractionKind.REPLY;
            default -> InteractionKind.MENTION;
          };
      out.add(new Interaction(e.line(), e.actor(), e.target(), e.timeS(), kind, e.type() == 'T'));
    }
    long cut = HiggsLog.DAY1_START_S + 4 * 86_400L;
    return new Dataset(
        "higgs",
        "Higgs Twitter activity (retweets, mentions, replies; 1-7 July 2012)",
        timeOrdered(out),
        cut,
        cut + 3 * 86_400L,
        "days 1-4",
        "retweets received in days 5-7",
        Dataset.Measure.RECEIVED,
        skipped(self, "self-interactions"));
  }

  /**
   * CollegeMsg: a private message is a MENTION of its receiver by its sender. Known: 15 April - 31
   * May 2004 (the community's growth months); measured: distinct people who write to the account in
   * June and July 2004.
   */
  public static Dataset collegeMsg(List<CollegeMsg.Message> messages) {
    List<Interaction> out = new ArrayList<>(messages.size());
    int self = 0;
    for (CollegeMsg.Message m : messages) {
      if (m.sender() == m.receiver()) {
        self++;
        continue;
      }
      out.add(
          new Interaction(
              m.line(), m.sender(), m.receiver(), m.timeS(), InteractionKind.MENTION, true));
    }
    return new Dataset(
        "collegemsg",
        "CollegeMsg private messages (UC Irvine, April-October 2004)",
        timeOrdered(out),
        COLLEGE_CUT_S,
        COLLEGE_END_S,
        "15 Apr - 31 May 2004",
        "distinct senders writing to the account in June-July 2004",
        Dataset.Measure.DISTINCT_ENGAGERS,
        skipped(self, "self-messages"));
  }

  /**
   * Bitcoin OTC / Alpha: a positive rating (+1..+10) is a LIKE of the ratee by the rater, an
   * endorsement. A negative rating (distrust) is not engagement the model can credit — every
   * component only grows with engagement received — so negative ratings are left out of the input
   * of the model and of every baseline alike, and the future window counts positive ratings only.
   * Known: November 2010 - 2012; measured: positive ratings received in 2013 (a pair rates at most
   * once, so these are also distinct raters).
   */
  public static Dataset bitcoin(String name, String label, List<BitcoinRatings.Rating> ratings) {
    List<Interaction> out = new ArrayList<>(ratings.size());
    int self = 0;
    int negative = 0;
    for (BitcoinRatings.Rating r : ratings) {
      if (r.source() == r.target()) {
        self++;
      } else if (r.rating() < 0) {
        negative++;
      } else {
        out.add(
            new Interaction(
                r.line(), r.source(), r.target(), r.timeS(), InteractionKind.LIKE, true));
      }
    }
    String skipped = skipped(negative, "negative ratings");
    if (self > 0) {
      skipped += ", " + skipped(self, "self-ratings");
    }
    return new Dataset(
        name,
        label + " trust ratings (November 2010 - January 2016)",
        timeOrdered(out),
        BITCOIN_CUT_S,
        BITCOIN_END_S,
        "Nov 2010 - Dec 2012",
        "positive ratings received in 2013",
        Dataset.Measure.RECEIVED,
        skipped);
  }

  private static String skipped(int n, String what) {
    return String.format(Locale.ROOT, "%,d %s", n, what);
  }

  /** Stable sort by time: a no-op for a file already in time order. */
  static List<Interaction> timeOrdered(List<Interaction> events) {
    List<Interaction> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(Interaction::timeS));
    return List.copyOf(sorted);
  }
}
