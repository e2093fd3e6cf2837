package dev.sway.cli.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the lines of the files {@code sway ingest} reads. Never throws on bad input: a line it
 * cannot read becomes an error {@link Record} with the reason.
 *
 * <ul>
 *   <li>{@code higgs}: SNAP's {@code actor target unix_seconds RT|MT|RE};
 *   <li>{@code jsonl}: one Interaction or ProfileSnapshot per line in the API's JSON form (a line
 *       with {@code followers} is a snapshot);
 *   <li>{@code csv}: a header line, then rows; an interactions file has the columns {@code
 *       event_id,type,actor,target,time[,topics][,content_id]}, a snapshots file {@code
 *       account,followers,following,posts,time}; accounts are {@code network:id}, times RFC 3339 or
 *       Unix seconds, topics separated by {@code |}.
 * </ul>
 */
public final class LineParser {
  /** Input formats. */
  public enum Format {
    HIGGS,
    JSONL,
    CSV
  }

  private final Format format;
  private final String network;
  private Map<String, Integer> header;

  public LineParser(Format format, String network) {
    this.format = format;
    this.network = network;
  }

  /** Guesses the format from a file name. */
  public static Format guess(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    if (n.endsWith(".csv")) {
      return Format.CSV;
    }
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return Format.JSONL;
    }
    return Format.HIGGS;
  }

  public Record parse(long lineNo, String line) {
    try {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        return Record.skip(lineNo);
      }
      return switch (format) {
        case HIGGS -> higgs(lineNo, s);
        case JSONL -> jsonl(lineNo, s);
        case CSV -> csv(lineNo, s);
      };
    } catch (RuntimeException e) {
      return Record.error(
          lineNo,
          "cannot read line: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  private Record higgs(long lineNo, String s) {
    String[] p = s.split("\\s+");
    if (p.length != 4) {
      return Record.error(
          lineNo, "expected 'actor target unix_seconds RT|MT|RE', got " + p.length + " fields");
    }
    InteractionType type =
        switch (p[3]) {
          case "RT" -> InteractionType.INTERACTION_TYPE_SHARE;
          case "MT" -> InteractionType.INTERACTION_TYPE_MENTION;
          case "RE" -> InteractionType.INTERACTION_TYPE_REPLY;
          default -> null;
        };
    if (type == null) {
      return Record.error(lineNo, "unknown interaction '" + p[3] + "' (RT, MT or RE)");
    }
    long seconds;
    try {
      seconds = Long.parseLong(p[2]);
    } catch (NumberFormatException e) {
      return Record.error(lineNo, "time is not Unix seconds: '" + p[2] + "'");
    }
    // Event ids are derived from the content, so loading the same file twice counts nothing twice.
    return Record.of(
        lineNo,
        Interaction.newBuilder()
            .setEventId("higgs-" + p[0] + "-" + p[1] + "-" + p[2] + "-" + p[3])
            .setType(type)
            .setActor(AccountRef.newBuilder().setNetwork(network).setAccountId(p[0]))
            .setTarget(AccountRef.newBuilder().setNetwork(network).setAccountId(p[1]))
            .setEventTime(Timestamp.newBuilder().setSeconds(seconds))
            .build());
  }

  private Record jsonl(long lineNo, String s) {
    try {
      if (s.contains("\"followers\"")) {
        ProfileSnapshot.Builder b = ProfileSnapshot.newBuilder();
        JsonFormat.parser().merge(s, b);
        return Record.of(lineNo, b.build());
      }
      Interaction.Builder b = Interaction.newBuilder();
      JsonFormat.parser().merge(s, b);
      return Record.of(lineNo, b.build());
    } catch (InvalidProtocolBufferException e) {
      return Record.error(lineNo, "invalid JSON: " + e.getMessage());
    }
  }

  private Record csv(long lineNo, String s) {
    List<String> cells = splitCsv(s);
    if (header == null) {
      header = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        header.put(cells.get(i).strip().toLowerCase(Locale.ROOT), i);
      }
      if (!(header.containsKey("event_id") || header.containsKey("followers"))) {
        Record r =
            Record.error(
                lineNo,
                "the first line must be a header with event_id,... or account,followers,...");
        header = null;
        return r;
      }
      return Record.skip(lineNo);
    }
    if (header.containsKey("followers")) {
      return Record.of(
          lineNo,
          ProfileSnapshot.newBuilder()
              .setAccount(account(cell(cells, "account")))
              .setFollowers(number(cell(cells, "followers"), "followers"))
              .setFollowing(number(cell(cells, "following"), "following"))
              .setPosts(number(cell(cells, "posts"), "posts"))
              .setObserveTime(time(cell(cells, "time")))
              .build());
    }
    Interaction.Builder b =
        Interaction.newBuilder()
            .setEventId(cell(cells, "event_id"))
            .setType(type(cell(cells, "type")))
            .setActor(account(cell(cells, "actor")))
            .setTarget(account(cell(cells, "target")))
            .setEventTime(time(cell(cells, "time")));
    String topics = cell(cells, "topics");
    if (!topics.isEmpty()) {
      for (String t : topics.split("\\|")) {
        b.addTopics(t);
      }
    }
    b.setContentId(cell(cells, "content_id"));
    return Record.of(lineNo, b.build());
  }

  private String cell(List<String> cells, String name) {
    Integer i = header.get(name);
    return i == null || i >= cells.size() ? "" : cells.get(i).strip();
  }

  private static AccountRef account(String s) {
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("account '" + s + "' is not network:id");
    }
    return AccountRef.newBuilder()
        .setNetwork(s.substring(0, colon))
        .setAccountId(s.substring(colon + 1))
        .build();
  }

  private static long number(String s, String what) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a whole number: '" + s + "'");
    }
  }

  private static InteractionType type(String s) {
    String t = s.toUpperCase(Locale.ROOT);
    for (InteractionType v : InteractionType.values()) {
      if (v != InteractionType.UNRECOGNIZED
          && (v.name().equals(t) || v.name().equals("INTERACTION_TYPE_" + t))) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown type '" + s + "' (like, comment, reply, share, mention)");
  }

  private static Timestamp time(String s) {
    if (s.matches("-?\\d{1,12}")) {
      return Timestamp.newBuilder().setSeconds(Long.parseLong(s)).build();
    }
    try {
      return Timestamps.parse(s);
    } catch (ParseException e) {
      throw new IllegalArgumentException("time '" + s + "' is neither RFC 3339 nor Unix seconds");
    }
  }

  /** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
  static List<String> splitCsv(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote");
    }
    out.add(cur.toString());
    return out;
  }
}
