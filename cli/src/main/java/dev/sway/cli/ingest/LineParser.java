package dev.sway.cli.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.sway.runtime.Settings;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the lines of the files {@code sway ingest} reads. Never throws on bad input: a line it
 * cannot read becomes an error {@link Record} with the reason. CSV and JSON Lines share one set of
 * fields and one set of accepted spellings ({@link #FORMATS_HELP} says them to people):
 *
 * <ul>
 *   <li>an interaction has {@code event_id, type, actor, target, time} and optionally {@code
 *       topics, content_id}; a snapshot has {@code account, followers, following, posts, time};
 *   <li>an account is {@code network:id} ({@code x:alice}; in JSON also {@code {"network":"x",
 *       "account_id":"alice"}}); a type is {@code like, comment, reply, share, mention} in any
 *       case, with or without the {@code INTERACTION_TYPE_} prefix ({@code repost, retweet, boost}
 *       are shares); a time is RFC 3339 or Unix seconds; topics are separated by {@code |} (in JSON
 *       also an array);
 *   <li>a column or key the parser does not know is an error (it would otherwise be dropped without
 *       a word), with the closest known name; JSON also takes the API's camelCase names ({@code
 *       eventId}, {@code eventTime}, {@code observeTime}).
 * </ul>
 *
 * {@code higgs} is SNAP's {@code actor target unix_seconds RT|MT|RE}, on the network given.
 */
public final class LineParser {
  /** Input formats. */
  public enum Format {
    CSV,
    JSONL,
    HIGGS
  }

  static final List<String> INTERACTION_REQUIRED =
      List.of("event_id", "type", "actor", "target", "time");
  static final List<String> INTERACTION_OPTIONAL = List.of("topics", "content_id");
  static final List<String> SNAPSHOT_REQUIRED =
      List.of("account", "followers", "following", "posts", "time");

  /** What the columns and keys must be, in one sentence (errors and help say it). */
  public static final String FIELDS =
      "interactions: event_id,type,actor,target,time[,topics][,content_id];"
          + " snapshots: account,followers,following,posts,time";

  /** The formats, for {@code sway ingest --help} (lines under 80 columns: they are not wrapped). */
  public static final String[] FORMATS_HELP = {
    "Formats: --format, else the file name (.csv, .jsonl, .ndjson, .json, plain or",
    ".gz), else the first line. CSV and JSON Lines take the same fields:",
    "  interactions  event_id,type,actor,target,time[,topics][,content_id]",
    "  snapshots     account,followers,following,posts,time",
    "  csv    a header line naming the columns (any order), then one row per line",
    "  jsonl  one JSON object per line with those keys (camelCase works too)",
    "  higgs  SNAP's Higgs log: actor target unix_seconds RT|MT|RE (on --network)",
    "Spellings: type like, comment, reply, share (repost, retweet, boost) or",
    "mention, any case; an account network:id (x:alice); time RFC 3339 or Unix",
    "seconds; topics a|b (in JSON also an array). An unknown column or key is an",
    "error naming the closest known one, so nothing is dropped without a word.",
    "",
    "Example (paste into a shell):",
    "cat > events.csv <<'END'",
    "event_id,type,actor,target,time,topics",
    "e1,share,x:bob,x:alice,2026-11-20T10:00:00Z,jazz|ai",
    "e2,like,x:carol,x:alice,1795600000,",
    "END",
    "cat > more.jsonl <<'END'",
    "{\"event_id\":\"e3\",\"type\":\"reply\",\"actor\":\"x:dan\",\"target\":\"x:alice\",\"time\":1795600000}",
    "{\"account\":\"x:alice\",\"followers\":1200,\"following\":300,\"posts\":85,\"time\":1795600000}",
    "END",
    "sway ingest events.csv more.jsonl && sway score x:alice"
  };

  private static final Set<String> ALL_FIELDS =
      Set.of(
          "event_id",
          "type",
          "actor",
          "target",
          "time",
          "topics",
          "content_id",
          "account",
          "followers",
          "following",
          "posts");

  private static final Map<String, String> ALIASES =
      Map.of(
          "eventid", "event_id",
          "event_time", "time",
          "eventtime", "time",
          "timestamp", "time",
          "observe_time", "time",
          "observetime", "time",
          "contentid", "content_id");

  private final Format format;
  private final String network;
  private Map<String, Integer> header;

  public LineParser(Format format, String network) {
    this.format = format;
    this.network = network;
  }

  /** The format a file name says, or null when it says none. */
  public static Format guess(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
    if (n.endsWith(".csv")) {
      return Format.CSV;
    }
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
      return Format.JSONL;
    }
    return null;
  }

  /** The format a file's first line shows, or null when it shows none. */
  public static Format sniff(String firstLine) {
    String s = firstLine.strip();
    if (s.startsWith("{")) {
      return Format.JSONL;
    }
    if (s.matches("\\S+\\s+\\S+\\s+\\d+\\s+(RT|MT|RE)")) {
      return Format.HIGGS;
    }
    if (s.contains(",")) {
      return Format.CSV;
    }
    return null;
  }

  /**
   * Checks a CSV header line: null when it is one this parser reads, else the reason, naming the
   * columns expected and the closest known name of each unknown one.
   */
  public static String headerProblem(String line) {
    List<String> cols = new ArrayList<>();
    for (String c : splitCsv(line)) {
      cols.add(normal(c));
    }
    List<String> problems = new ArrayList<>();
    for (String c : cols) {
      if (!ALL_FIELDS.contains(c)) {
        String near = closest(c);
        problems.add(
            "unknown column '" + c + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
      }
    }
    List<String> required = cols.contains("followers") ? SNAPSHOT_REQUIRED : INTERACTION_REQUIRED;
    List<String> missing = required.stream().filter(r -> !cols.contains(r)).toList();
    if (!missing.isEmpty() && problems.isEmpty()) {
      problems.add("missing column(s) " + String.join(",", missing));
    }
    if (problems.isEmpty()) {
      return null;
    }
    return String.join("; ", problems)
        + ". The header must name the columns of "
        + FIELDS
        + " (sway ingest --help shows examples)";
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
      return Record.error(lineNo, e.getMessage() == null ? "cannot read the line" : e.getMessage());
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
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(s);
      if (!e.isJsonObject()) {
        return Record.error(lineNo, "invalid JSON: expected one object per line");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      return Record.error(lineNo, "invalid JSON: " + jsonReason(e));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      String key = normal(e.getKey());
      if (!ALL_FIELDS.contains(key)) {
        String near = closest(key);
        return Record.error(
            lineNo,
            "unknown key '"
                + e.getKey()
                + "'"
                + (near == null ? "" : " (did you mean '" + near + "'?)")
                + "; keys of "
                + FIELDS);
      }
      fields.put(key, text(key, e.getValue()));
    }
    return fromFields(lineNo, fields);
  }

  private static String text(String key, JsonElement v) {
    if (v == null || v.isJsonNull()) {
      return "";
    }
    if (v.isJsonPrimitive()) {
      return v.getAsString();
    }
    if (v.isJsonArray() && key.equals("topics")) {
      List<String> t = new ArrayList<>();
      for (JsonElement x : (JsonArray) v) {
        t.add(x.isJsonPrimitive() ? x.getAsString() : x.toString());
      }
      return String.join("|", t);
    }
    if (v.isJsonObject()
        && (key.equals("actor") || key.equals("target") || key.equals("account"))) {
      JsonObject a = v.getAsJsonObject();
      JsonElement n = a.get("network");
      JsonElement id = a.has("account_id") ? a.get("account_id") : a.get("accountId");
      if (n != null && id != null && n.isJsonPrimitive() && id.isJsonPrimitive()) {
        return n.getAsString() + ":" + id.getAsString();
      }
      throw new IllegalArgumentException(
          key + ": an account is \"network:id\" or {\"network\":…,\"account_id\":…}");
    }
    throw new IllegalArgumentException(key + ": expected a string or a number, got " + v);
  }

  /** Gson's reason without Java class names. */
  private static String jsonReason(Exception e) {
    Throwable c = e.getCause() != null ? e.getCause() : e;
    String m = c.getMessage() == null ? "" : c.getMessage();
    m = m.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ", "");
    m = m.replaceAll("\\s*See https?://\\S+", "");
    if (c instanceof java.io.EOFException
        || m.startsWith("End of input")
        || m.startsWith("Unterminated")) {
      return "the line ends too soon (a missing quote or brace?): " + m;
    }
    return m.isEmpty() ? "cannot read the line as JSON" : m;
  }

  private Record csv(long lineNo, String s) {
    List<String> cells = splitCsv(s);
    if (header == null) {
      String problem = headerProblem(s);
      if (problem != null) {
        return Record.error(lineNo, problem);
      }
      header = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        header.put(normal(cells.get(i)), i);
      }
      return Record.skip(lineNo);
    }
    if (cells.size() > header.size()) {
      return Record.error(
          lineNo, "has " + cells.size() + " cells, the header " + header.size() + " columns");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    header.forEach((name, i) -> fields.put(name, i < cells.size() ? cells.get(i).strip() : ""));
    return fromFields(lineNo, fields);
  }

  /** The record of one line's fields, the same for CSV and JSON. */
  private static Record fromFields(long lineNo, Map<String, String> f) {
    if (f.containsKey("followers")) {
      return Record.of(
          lineNo,
          ProfileSnapshot.newBuilder()
              .setAccount(account("account", f.getOrDefault("account", "")))
              .setFollowers(number(f.getOrDefault("followers", ""), "followers"))
              .setFollowing(number(f.getOrDefault("following", ""), "following"))
              .setPosts(number(f.getOrDefault("posts", ""), "posts"))
              .setObserveTime(time(f.getOrDefault("time", "")))
              .build());
    }
    for (String r : INTERACTION_REQUIRED) {
      if (f.getOrDefault(r, "").isEmpty()) {
        return Record.error(
            lineNo,
            "missing " + r + (f.containsKey("account") ? " (a snapshot needs followers)" : ""));
      }
    }
    Interaction.Builder b =
        Interaction.newBuilder()
            .setEventId(f.get("event_id"))
            .setType(type(f.get("type")))
            .setActor(account("actor", f.get("actor")))
            .setTarget(account("target", f.get("target")))
            .setEventTime(time(f.get("time")));
    String topics = f.getOrDefault("topics", "");
    if (!topics.isEmpty()) {
      for (String t : topics.split("\\|")) {
        b.addTopics(t.strip());
      }
    }
    b.setContentId(f.getOrDefault("content_id", ""));
    return Record.of(lineNo, b.build());
  }

  private static String normal(String name) {
    String n = name.strip().replace("\uFEFF", "");
    // camelCase to snake_case (eventId → event_id), then the aliases.
    n = n.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    String squashed = n.replace("_", "");
    for (Map.Entry<String, String> a : ALIASES.entrySet()) {
      if (a.getKey().replace("_", "").equals(squashed)) {
        return a.getValue();
      }
    }
    return n;
  }

  /**
   * The known field closest to an unknown name (edit distance at most 2, or a column name of
   * another tool), or null.
   */
  private static String closest(String name) {
    String hinted = Hints.column(name);
    if (hinted != null) {
      return hinted;
    }
    String best = null;
    int bestD = 3;
    for (String f : ALL_FIELDS) {
      int d = Settings.distance(name, f);
      if (d < bestD) {
        best = f;
        bestD = d;
      }
    }
    return best;
  }

  private static AccountRef account(String field, String s) {
    int colon = s.indexOf(':');
    if (colon <= 0
        || colon == s.length() - 1
        || !s.substring(0, colon).equals(s.substring(0, colon).toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(Hints.account(field, s));
    }
    return AccountRef.newBuilder()
        .setNetwork(s.substring(0, colon))
        .setAccountId(s.substring(colon + 1))
        .build();
  }

  private static long number(String s, String what) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("missing " + what);
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a whole number: '" + s + "'");
    }
  }

  private static InteractionType type(String s) {
    String t = s.strip().toUpperCase(Locale.ROOT).replaceFirst("^INTERACTION_TYPE_", "");
    switch (t) {
      case "REPOST", "RETWEET", "BOOST", "RT" -> t = "SHARE";
      case "MT" -> t = "MENTION";
      case "RE" -> t = "REPLY";
      default -> {}
    }
    for (InteractionType v : InteractionType.values()) {
      if (v != InteractionType.UNRECOGNIZED
          && v != InteractionType.INTERACTION_TYPE_UNSPECIFIED
          && v.name().equals("INTERACTION_TYPE_" + t)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "type: unknown '" + s + "' (like, comment, reply, share, mention)");
  }

  private static Timestamp time(String s) {
    if (s.isEmpty()) {
      throw new IllegalArgumentException("missing time");
    }
    if (s.matches("-?\\d{1,12}")) {
      return Timestamp.newBuilder().setSeconds(Long.parseLong(s)).build();
    }
    try {
      return Timestamps.parse(s);
    } catch (ParseException e) {
      throw new IllegalArgumentException(Hints.time(s));
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
      throw new IllegalArgumentException("a quoted cell is not closed (a missing '\"')");
    }
    out.add(cur.toString());
    return out;
  }
}
