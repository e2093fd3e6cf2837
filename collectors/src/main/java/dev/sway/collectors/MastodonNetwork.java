package dev.sway.collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Timestamp;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mastodon through the streaming API's WebSocket: each {@code update} event is a status, mapped to
 * a SHARE (reblog), a REPLY and MENTIONs, and its accounts' counters to snapshots. The stream has
 * no favourites and no replay (docs/collectors.md#mastodon).
 */
public final class MastodonNetwork implements Network {
  public static final String NAME = "mastodon";

  /** Mastodon was released in 2016: an earlier time is not the event's. */
  static final long MIN_CREATED_MS = 1_451_606_400_000L;

  static final long MAX_CREATED_AHEAD_MS = 3 * 60_000L;

  /** Account ids seen, to name the target of a reply whose author is not in the mentions. */
  private static final int KNOWN_ACCOUNTS = 100_000;

  private final URI streaming;
  private final String instanceHost;
  private final String token;
  private final Map<String, String> acctById =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
          return size() > KNOWN_ACCOUNTS;
        }
      };

  /**
   * @param streamingUrl the streaming endpoint, e.g. {@code wss://mastodon.social/api/v1/streaming}
   * @param instanceHost the instance whose local accounts have no domain in their {@code acct}
   * @param stream {@code public} or {@code public:local}
   * @param token an access token, or null for an instance that streams without one
   */
  public MastodonNetwork(String streamingUrl, String instanceHost, String stream, String token) {
    this.streaming =
        URI.create(streamingUrl + (streamingUrl.contains("?") ? "&" : "?") + "stream=" + stream);
    this.instanceHost = instanceHost.toLowerCase(Locale.ROOT);
    this.token = token;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public URI streamUri(long cursor) {
    return streaming;
  }

  @Override
  public Map<String, String> headers() {
    return token == null || token.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + token);
  }

  @Override
  public long resumeCursor(long savedCursor) {
    return -1;
  }

  @Override
  public Mapped map(String message, long nowMs) {
    JsonObject status;
    String event;
    try {
      JsonObject root = JsonParser.parseString(message).getAsJsonObject();
      event = Json.str(root, "event");
      if (!"update".equals(event)) {
        String reason =
            "delete".equals(event)
                ? "delete"
                : "status.update".equals(event) ? "update" : "unknown_kind";
        return Mapped.skip(event == null ? "invalid" : "other", reason, -1, -1);
      }
      JsonElement payload = root.get("payload");
      status =
          payload != null && payload.isJsonPrimitive()
              ? JsonParser.parseString(payload.getAsString()).getAsJsonObject()
              : Json.obj(root, "payload");
    } catch (RuntimeException | StackOverflowError e) {
      return Mapped.skip("invalid", "malformed", -1, -1);
    }
    JsonObject author = Json.obj(status, "account");
    String actor = acct(author);
    String uri = Json.str(status, "uri");
    if (actor == null || uri == null) {
      return Mapped.skip("invalid", "malformed", -1, -1);
    }
    long created = Json.timeMs(Json.str(status, "created_at"));
    long eventMs =
        created >= MIN_CREATED_MS && created <= nowMs + MAX_CREATED_AHEAD_MS ? created : nowMs;
    List<ProfileSnapshot> snapshots = new ArrayList<>();
    snapshots.add(snapshot(actor, author, nowMs));
    List<String> skipped = new ArrayList<>();
    Map<String, Interaction> byTarget = new LinkedHashMap<>();
    String eventId = eventId(uri);
    JsonObject reblog = Json.obj(status, "reblog");
    String kind;
    if (reblog != null) {
      kind = "reblog";
      JsonObject original = Json.obj(reblog, "account");
      String target = acct(original);
      if (target != null) {
        snapshots.add(snapshot(target, original, nowMs));
      }
      add(
          byTarget,
          skipped,
          InteractionType.INTERACTION_TYPE_SHARE,
          actor,
          target,
          eventId,
          Json.str(reblog, "uri"),
          eventMs,
          topics(reblog));
    } else {
      kind = Json.str(status, "in_reply_to_id") != null ? "reply" : "status";
      List<String> topics = topics(status);
      String replyTo = Json.str(status, "in_reply_to_account_id");
      Map<String, String> mentioned = new LinkedHashMap<>();
      var mentions = Json.arr(status, "mentions");
      if (mentions != null) {
        for (JsonElement m : mentions) {
          JsonObject o = m.isJsonObject() ? m.getAsJsonObject() : null;
          String acct = acct(o);
          if (acct != null) {
            mentioned.put(Json.str(o, "id"), acct);
          }
        }
      }
      if (replyTo != null) {
        String target = mentioned.getOrDefault(replyTo, known(replyTo));
        if (target == null) {
          skipped.add("reply_unresolved");
        }
        add(
            byTarget,
            skipped,
            InteractionType.INTERACTION_TYPE_REPLY,
            actor,
            target,
            eventId,
            Json.str(status, "in_reply_to_id"),
            eventMs,
            topics);
      }
      for (String target : mentioned.values()) {
        add(
            byTarget,
            skipped,
            InteractionType.INTERACTION_TYPE_MENTION,
            actor,
            target,
            eventId,
            uri,
            eventMs,
            topics);
      }
    }
    List<String> seen = snapshots.stream().map(s -> s.getAccount().getAccountId()).toList();
    return new Mapped(
        kind, List.copyOf(byTarget.values()), snapshots, seen, Map.of(), skipped, -1, eventMs);
  }

  private static void add(
      Map<String, Interaction> byTarget,
      List<String> skipped,
      InteractionType type,
      String actor,
      String target,
      String eventId,
      String contentId,
      long eventMs,
      List<String> topics) {
    if (target == null || byTarget.containsKey(target)) {
      return;
    }
    if (target.equals(actor)) {
      skipped.add("self");
      return;
    }
    byTarget.put(
        target,
        Interaction.newBuilder()
            .setEventId(eventId)
            .setType(type)
            .setActor(account(actor))
            .setTarget(account(target))
            .setContentId(contentId != null && contentId.length() <= 256 ? contentId : "")
            .addAllTopics(topics)
            .setEventTime(timestamp(eventMs))
            .build());
  }

  private static List<String> topics(JsonObject status) {
    List<String> raw = new ArrayList<>();
    var tags = Json.arr(status, "tags");
    if (tags != null) {
      for (JsonElement t : tags) {
        String name = t.isJsonObject() ? Json.str(t.getAsJsonObject(), "name") : null;
        if (name != null) {
          raw.add(name);
        }
      }
    }
    return Topics.of(raw);
  }

  /** {@code user@instance}, lower-case; a local account's {@code acct} has no domain. */
  private String acct(JsonObject account) {
    String acct = Json.str(account, "acct");
    if (acct == null || acct.isEmpty()) {
      return null;
    }
    String full =
        (acct.indexOf('@') >= 0 ? acct : acct + "@" + instanceHost).toLowerCase(Locale.ROOT);
    String id = Json.str(account, "id");
    if (id != null) {
      synchronized (acctById) {
        acctById.put(id, full);
      }
    }
    return full;
  }

  private String known(String id) {
    synchronized (acctById) {
      return acctById.get(id);
    }
  }

  private static ProfileSnapshot snapshot(String acct, JsonObject a, long nowMs) {
    return ProfileSnapshot.newBuilder()
        .setAccount(account(acct))
        .setFollowers(Math.max(0, Json.num(a, "followers_count", 0)))
        .setFollowing(Math.max(0, Json.num(a, "following_count", 0)))
        .setPosts(Math.max(0, Json.num(a, "statuses_count", 0)))
        .setObserveTime(timestamp(nowMs))
        .build();
  }

  /** The status URI is the same on every instance; one too long for an event id is hashed. */
  static String eventId(String uri) {
    if (uri.length() <= 128 && uri.codePoints().noneMatch(Character::isWhitespace)) {
      return uri;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Timestamp timestamp(long ms) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(ms, 1000))
        .setNanos((int) Math.floorMod(ms, 1000) * 1_000_000)
        .build();
  }

  static AccountRef account(String acct) {
    return AccountRef.newBuilder().setNetwork(NAME).setAccountId(acct).build();
  }
}
