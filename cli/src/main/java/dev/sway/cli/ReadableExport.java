package dev.sway.cli;

import dev.sway.v1.AccountExport;
import dev.sway.v1.AccountRecordExport;
import dev.sway.v1.EngagementReceived;
import dev.sway.v1.HistoryPointExport;
import dev.sway.v1.PersonExport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An export for the person it is about: what Sway holds on each account in words and dates, with
 * the score as {@code sway score} shows it. The machine export ({@code sway export} without {@code
 * --readable}) is the complete record, internal decayed sums included; this one leaves those out
 * (they are the same information as the components, in the form the scoring service keeps them) and
 * says so.
 */
final class ReadableExport {
  /**
   * Days of event time per de-duplication bucket: the store's bucket width, as docs/privacy.md
   * documents it (buckets are numbered from 1970-01-01).
   */
  static final long EVENT_BUCKET_DAYS = 28;

  private ReadableExport() {}

  static String format(PersonExport export) {
    StringBuilder b = new StringBuilder();
    if (!export.getPersonId().isEmpty()) {
      line(b, "What Sway stores about person %s", export.getPersonId());
      line(
          b,
          "(%d linked account%s)",
          export.getAccountsCount(),
          export.getAccountsCount() == 1 ? "" : "s");
    } else {
      line(b, "What Sway stores about this account");
    }
    for (AccountExport a : export.getAccountsList()) {
      b.append('\n');
      account(b, a);
    }
    b.append('\n');
    line(
        b,
        "Not shown here: the decayed sums the scoring service keeps (the same engagement as the");
    line(
        b, "components, scaled for storage); 'sway export' without --readable prints every stored");
    line(
        b, "field. Sway stores no event contents, no event ids as text and no time of each event.");
    return b.toString();
  }

  private static void account(StringBuilder b, AccountExport a) {
    line(b, "%s:%s", a.getNetwork(), a.getAccountId());
    if (!a.hasRecord()) {
      line(b, "  nothing stored");
      return;
    }
    AccountRecordExport r = a.getRecord();
    if (r.hasScore()) {
      line(
          b,
          "  score %.1f, higher than %.1f%% of scored accounts (model %s, computed %s)",
          r.getScore(),
          r.getPercentile(),
          r.getModelVersion(),
          time(r.getScoredAtMs()));
    } else {
      line(b, "  no score (not enough engagement yet, or not scored in this mode)");
    }
    if (!r.getPersonId().isEmpty()) {
      line(b, "  linked to person %s", r.getPersonId());
    }
    if (a.getRegistered()) {
      line(b, "  registered: consented to be scored (opt-in mode)");
    }
    if (r.getSnapshotMs() >= 0) {
      line(
          b,
          "  profile on %s: %,d followers, following %,d, %,d posts",
          time(r.getSnapshotMs()),
          r.getFollowers(),
          r.getFollowing(),
          r.getPosts());
    } else {
      line(b, "  no profile snapshot received");
    }
    line(
        b,
        "  interactions received: %,d in all; recent engagers (decayed count): %,d",
        r.getInteractionsReceived(),
        r.getDistinctEngagers());
    line(b, "  latest activity seen: %s", time(r.getLastEventMs()));
    line(b, "  latest engagement given: %s", time(r.getLastEngagementGivenMs()));
    String[] day = r.getReactionsGivenOnDay().split(":", 2);
    if (day.length == 2 && !day[0].startsWith("-")) {
      try {
        line(
            b,
            "  reactions given on %s (the latest day with any): %s",
            LocalDate.ofEpochDay(Long.parseLong(day[0])),
            day[1]);
      } catch (NumberFormatException e) {
        line(b, "  reactions given on the latest day: %s", r.getReactionsGivenOnDay());
      }
    }
    if (!a.getTopicRawScoresMap().isEmpty()) {
      line(
          b,
          "  topics it is engaged on: %s",
          String.join(", ", new TreeMap<>(a.getTopicRawScoresMap()).keySet()));
    }
    if (a.getEngagementReceivedCount() > 0) {
      line(b, "  engagers on record (kept 180 days after each one's latest engagement):");
      for (EngagementReceived e : a.getEngagementReceivedList()) {
        line(b, "    %-40s latest %s", e.getEngager(), time(e.getLastEngagementMs()));
      }
    }
    if (a.getAccountsEngagedCount() > 0) {
      line(
          b,
          "  accounts that hold it as an engager: %s",
          String.join(", ", a.getAccountsEngagedList()));
    }
    if (a.getHistoryCount() > 0) {
      line(b, "  daily history (raw score and components, 0-100):");
      line(b, "    %-10s %6s %6s %6s %6s %6s", "day", "raw", "reach", "ampl", "auth", "activ");
      for (HistoryPointExport h : a.getHistoryList()) {
        line(
            b,
            "    %-10s %6.1f %6.1f %6.1f %6.1f %6.1f",
            LocalDate.ofEpochDay(h.getEpochDay()),
            h.getRaw(),
            h.getReach(),
            h.getAmplification(),
            h.getAuthority(),
            h.getActivity());
      }
    }
    if (!a.getReceivedEventIdsMap().isEmpty()) {
      line(b, "  ids of events received, kept to count a redelivered event once (as hashes only):");
      for (Map.Entry<String, Long> e : new TreeMap<>(a.getReceivedEventIdsMap()).entrySet()) {
        line(b, "    %-24s %,d ids", bucket(e.getKey()), e.getValue());
      }
    }
  }

  /** A de-duplication bucket's event-time period, from its number. */
  private static String bucket(String number) {
    try {
      long n = Long.parseLong(number);
      LocalDate from = LocalDate.ofEpochDay(n * EVENT_BUCKET_DAYS);
      return "events of " + from + " to " + from.plusDays(EVENT_BUCKET_DAYS - 1);
    } catch (NumberFormatException e) {
      return "bucket " + number;
    }
  }

  private static String time(long ms) {
    if (ms < 0) {
      return "never";
    }
    return Instant.ofEpochMilli(ms)
            .atOffset(ZoneOffset.UTC)
            .toLocalDateTime()
            .withNano(0)
            .toString()
            .replace('T', ' ')
        + " UTC";
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
