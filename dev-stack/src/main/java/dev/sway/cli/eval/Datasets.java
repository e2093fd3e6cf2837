package dev.sway.cli.eval;

import dev.sway.model.InteractionKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The four SNAP datasets mapped to interactions, each with its cuts. Self-interactions are left out
 * everywhere (the API rejects them). Events are applied in time order: the three files that are
 * already in time order keep their file order, and Bitcoin Alpha's rows are sorted by time (stably,
 * so rows of the same hour keep their file order), as the ratings would have arrived.
 */
public final class Datasets {
  /** Command-line names, in table order. */
  public static final List<String> NAMES =
      List.of("higgs", "collegemsg", "bitcoin-otc", "bitcoin-alpha");

  /** Cuts per dataset. */
  static final int CUTS = 5;

  private static final long HOUR_S = 3_600L;
  private static final long DAY_S = 86_400L;

  /** 2004-06-01T00:00:00Z, CollegeMsg's first cut. */
  static final long COLLEGE_FIRST_CUT_S = 1_086_048_000L;

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
   * Higgs: a retweet is a SHARE, a reply a REPLY, a mention a MENTION; measured: retweets received.
   * The cuts' description says why they are where they are, here and below.
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
    Cuts cuts =
        Cuts.every(
            HiggsLog.DAY1_START_S + 2 * DAY_S + 12 * HOUR_S,
            12 * HOUR_S,
            CUTS,
            2 * DAY_S,
            3,
            "d MMM HH:mm",
            "the log covers one week (1-7 July 2012): cuts 12 h apart from 3 July 12:00, before the"
                + " announcement of 4 July, to 5 July 12:00, each with the next 2 days as its window"
                + " (the last ends on 7 July 12:00); stability is checked at 5 July 00:00, the cut"
                + " of the single-split evaluation");
    return new Dataset(
        "higgs",
        "Higgs Twitter activity (retweets, mentions, replies; 1-7 July 2012)",
        timeOrdered(out),
        cuts,
        "retweets received",
        "retweets received",
        Dataset.Measure.RECEIVED,
        skipped(self, "self-interactions"));
  }

  /**
   * CollegeMsg: a private message is a MENTION of its receiver by its sender; measured: distinct
   * people who write to the account.
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
        Cuts.every(
            COLLEGE_FIRST_CUT_S,
            28 * DAY_S,
            CUTS,
            28 * DAY_S,
            0,
            "d MMM yyyy",
            "the first cut, 1 June 2004, follows the community's growth months (15 April - 31 May,"
                + " 42,627 of 59,835 messages); then a cut every 4 weeks, each with the next 4 weeks"
                + " as its window, the last ending on 19 October (the log ends on 26 October);"
                + " stability is checked at 1 June, the cut of the single-split evaluation"),
        "received",
        "distinct senders writing to the account",
        Dataset.Measure.DISTINCT_ENGAGERS,
        skipped(self, "self-messages"));
  }

  /**
   * Bitcoin OTC / Alpha: a positive rating (+1..+10) is a LIKE of the ratee by the rater, an
   * endorsement. A negative rating (distrust) is not engagement the model can credit — every
   * component only grows with engagement received — so negative ratings are left out of the input
   * of the model and of every baseline alike, and the future window counts positive ratings only (a
   * pair rates at most once, so these are also distinct raters).
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
        Cuts.monthly(
            LocalDate.of(2012, 1, 1),
            6,
            CUTS,
            181 * DAY_S,
            2,
            "d MMM yyyy",
            "ratings span November 2010 - January 2016, most of them in 2011-2013: cuts every 6"
                + " months from 1 January 2012 (14 months known) to 1 January 2014, each with a"
                + " window of 181 days (the shortest half-year: equal windows, none overlapping the"
                + " next); stability is checked at 1 January 2013, the cut of the single-split"
                + " evaluation"),
        "received",
        "positive ratings received",
        Dataset.Measure.RECEIVED,
        skipped);
  }

  private static String skipped(int n, String what) {
    return String.format(Locale.ROOT, "%,d %s", n, what);
  }

  /**
   * The events in time order, events of the same second by their content (kind, actor, target), as
   * {@code sway ingest} merges its inputs: the order depends on the events, never on the file's
   * line order, so a shuffled file gives the same list and the same figures.
   */
  static List<Interaction> timeOrdered(List<Interaction> events) {
    List<Interaction> sorted = new ArrayList<>(events);
    sorted.sort(TIME_THEN_CONTENT);
    return List.copyOf(sorted);
  }

  /** Event time, then content: a total order on what the model sees of an event. */
  static final Comparator<Interaction> TIME_THEN_CONTENT =
      Comparator.comparingLong(Interaction::timeS)
          .thenComparing(Interaction::kind)
          .thenComparingInt(Interaction::actor)
          .thenComparingInt(Interaction::target);
}
