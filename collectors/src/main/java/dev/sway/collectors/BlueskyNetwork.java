package dev.sway.collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Timestamp;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bluesky through Jetstream's JSON stream ({@code /subscribe}): the records of {@code
 * app.bsky.feed.like}, {@code .repost}, {@code .post} and {@code app.bsky.graph.follow} as
 * interactions between DIDs. docs/collectors.md gives each field's source in the lexicons.
 */
public final class BlueskyNetwork implements Network {
  public static final String NAME = "bluesky";
  public static final String DEFAULT_JETSTREAM = "wss://jetstream2.us-east.bsky.network/subscribe";

  static final String LIKE = "app.bsky.feed.like";
  static final String REPOST = "app.bsky.feed.repost";
  static final String POST = "app.bsky.feed.post";
  static final String FOLLOW = "app.bsky.graph.follow";
  private static final List<String> COLLECTIONS = List.of(LIKE, REPOST, POST, FOLLOW);

  /** Bluesky opened in 2023: an earlier {@code createdAt} is a client's clock, not the event's. */
  static final long MIN_CREATED_MS = 1_672_531_200_000L;

  /** A {@code createdAt} further ahead than this is not believed (ingest refuses beyond 5 min). */
  static final long MAX_CREATED_AHEAD_MS = 3 * 60_000L;

  /** Jetstream's order is approximate: resume this far before the last acknowledged message. */
  static final long REWIND_US = 5_000_000L;

  private final String jetstream;

  public BlueskyNetwork(String jetstreamUrl) {
    this.jetstream = jetstreamUrl;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public URI streamUri(long cursor) {
    StringBuilder u = new StringBuilder(jetstream);
    char sep = jetstream.indexOf('?') >= 0 ? '&' : '?';
    for (String c : COLLECTIONS) {
      u.append(sep).append("wantedCollections=").append(c);
      sep = '&';
    }
    if (cursor >= 0) {
      u.append("&cursor=").append(cursor);
    }
    return URI.create(u.toString());
  }

  @Override
  public long resumeCursor(long savedCursor) {
    return savedCursor < 0 ? -1 : Math.max(0, savedCursor - REWIND_US);
  }

  @Override
  public Mapped map(String message, long nowMs) {
    JsonObject root;
    try {
      JsonElement e = JsonParser.parseString(message);
      if (!e.isJsonObject()) {
        return Mapped.skip("invalid", "malformed", -1, -1);
      }
      root = e.getAsJsonObject();
    } catch (RuntimeException e) {
      // JsonParseException, and the stack overflow guard of deeply nested input.
      return Mapped.skip("invalid", "malformed", -1, -1);
    } catch (StackOverflowError e) {
      return Mapped.skip("invalid", "malformed", -1, -1);
    }
    String did = Json.str(root, "did");
    long timeUs = Json.num(root, "time_us", -1);
    if (did == null || !did.startsWith("did:") || timeUs < 0) {
      return Mapped.skip("invalid", "malformed", -1, -1);
    }
    long timeMs = timeUs / 1000;
    String kind = Json.str(root, "kind");
    if ("commit".equals(kind)) {
      return commit(did, Json.obj(root, "commit"), timeUs, timeMs, nowMs);
    }
    if ("identity".equals(kind)) {
      // The handle of an identity event is what people type: kept to resolve handles to DIDs.
      String handle = Json.str(Json.obj(root, "identity"), "handle");
      Map<String, String> handles = handle == null ? Map.of() : Map.of(did, handle);
      return new Mapped(
          "identity", List.of(), List.of(), List.of(), handles, List.of(), timeUs, -1);
    }
    if ("account".equals(kind)) {
      return new Mapped(
          "account", List.of(), List.of(), List.of(), Map.of(), List.of(), timeUs, -1);
    }
    return Mapped.skip("other", "unknown_kind", timeUs, -1);
  }

  private Mapped commit(String did, JsonObject commit, long timeUs, long timeMs, long nowMs) {
    String collection = Json.str(commit, "collection");
    String op = Json.str(commit, "operation");
    String rkey = Json.str(commit, "rkey");
    if (collection == null || op == null || rkey == null) {
      return Mapped.skip("invalid", "malformed", timeUs, timeMs);
    }
    if (!COLLECTIONS.contains(collection)) {
      return Mapped.skip("other", "unknown_collection", timeUs, timeMs);
    }
    String kind = collection.substring(collection.lastIndexOf('.') + 1);
    if (op.equals("delete") || op.equals("update")) {
      // Sway has no retraction: an unliked post keeps the like (docs/collectors.md#deletions).
      return Mapped.skip(kind, op, timeUs, timeMs);
    }
    JsonObject record = Json.obj(commit, "record");
    if (!op.equals("create") || record == null) {
      return Mapped.skip(kind, "malformed", timeUs, timeMs);
    }
    long created = Json.timeMs(Json.str(record, "createdAt"));
    long eventMs =
        created >= MIN_CREATED_MS && created <= nowMs + MAX_CREATED_AHEAD_MS ? created : timeMs;
    String eventId = "at://" + did + "/" + collection + "/" + rkey;
    Post p = new Post(did, eventId, eventMs);
    switch (collection) {
      case LIKE, REPOST -> {
        String uri = Json.str(Json.obj(record, "subject"), "uri");
        InteractionType t =
            collection.equals(LIKE)
                ? InteractionType.INTERACTION_TYPE_LIKE
                : InteractionType.INTERACTION_TYPE_SHARE;
        if (!p.add(t, uri)) {
          p.skipped.add("no_target");
        }
      }
      case FOLLOW -> {
        // A follow is no interaction in Sway's model; it marks both for a profile refresh.
        String subject = Json.str(record, "subject");
        if (subject != null && subject.startsWith("did:")) {
          p.seen.add(subject);
        }
      }
      default -> post(p, record);
    }
    return new Mapped(
        kind,
        p.out(),
        List.of(),
        List.copyOf(p.seen),
        Map.of(),
        List.copyOf(p.skipped),
        timeUs,
        eventMs);
  }

  /** A post: reply, quote and mentions, one interaction per distinct target, in that order. */
  private static void post(Post p, JsonObject record) {
    p.add(
        InteractionType.INTERACTION_TYPE_REPLY,
        Json.str(Json.obj(Json.obj(record, "reply"), "parent"), "uri"));
    JsonObject embed = Json.obj(record, "embed");
    String embedType = Json.str(embed, "$type");
    if ("app.bsky.embed.record".equals(embedType)) {
      p.add(InteractionType.INTERACTION_TYPE_SHARE, Json.str(Json.obj(embed, "record"), "uri"));
    } else if ("app.bsky.embed.recordWithMedia".equals(embedType)) {
      JsonObject inner = Json.obj(Json.obj(embed, "record"), "record");
      p.add(InteractionType.INTERACTION_TYPE_SHARE, Json.str(inner, "uri"));
    }
    List<String> tags = new ArrayList<>();
    JsonArray facets = Json.arr(record, "facets");
    if (facets != null) {
      for (JsonElement f : facets) {
        JsonArray features = f.isJsonObject() ? Json.arr(f.getAsJsonObject(), "features") : null;
        if (features == null) {
          continue;
        }
        for (JsonElement feature : features) {
          JsonObject o = feature.isJsonObject() ? feature.getAsJsonObject() : null;
          String type = Json.str(o, "$type");
          if ("app.bsky.richtext.facet#mention".equals(type)) {
            p.addAccount(InteractionType.INTERACTION_TYPE_MENTION, Json.str(o, "did"), p.eventId);
          } else if ("app.bsky.richtext.facet#tag".equals(type)) {
            tags.add(Json.str(o, "tag"));
          }
        }
      }
    }
    JsonArray extra = Json.arr(record, "tags");
    if (extra != null) {
      for (JsonElement t : extra) {
        if (t.isJsonPrimitive()) {
          tags.add(t.getAsString());
        }
      }
    }
    p.topics = Topics.of(tags.stream().filter(t -> t != null).toList());
  }

  /** The interactions of one record being assembled. */
  private static final class Post {
    final String actor;
    final String eventId;
    final long eventMs;
    final Map<String, Interaction.Builder> byTarget = new LinkedHashMap<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> seen = new ArrayList<>();
    List<String> topics = List.of();

    Post(String actor, String eventId, long eventMs) {
      this.actor = actor;
      this.eventId = eventId;
      this.eventMs = eventMs;
      seen.add(actor);
    }

    /** Adds an interaction with the author of {@code atUri}; false when it names no DID. */
    boolean add(InteractionType type, String atUri) {
      String target = didOf(atUri);
      if (target == null) {
        return false;
      }
      addAccount(type, target, atUri);
      return true;
    }

    void addAccount(InteractionType type, String target, String contentId) {
      if (target == null || !target.startsWith("did:") || byTarget.containsKey(target)) {
        return;
      }
      if (target.equals(actor)) {
        skipped.add("self");
        byTarget.put(target, null);
        return;
      }
      seen.add(target);
      byTarget.put(
          target,
          Interaction.newBuilder()
              .setEventId(eventId)
              .setType(type)
              .setActor(account(actor))
              .setTarget(account(target))
              .setContentId(contentId.length() <= 256 ? contentId : "")
              .setEventTime(
                  Timestamp.newBuilder()
                      .setSeconds(Math.floorDiv(eventMs, 1000))
                      .setNanos((int) Math.floorMod(eventMs, 1000) * 1_000_000)));
    }

    List<Interaction> out() {
      List<Interaction> out = new ArrayList<>(byTarget.size());
      for (Interaction.Builder b : byTarget.values()) {
        if (b != null) {
          out.add(b.addAllTopics(topics).build());
        }
      }
      return out;
    }
  }

  /** The DID of an {@code at://did/collection/rkey} URI, or null. */
  static String didOf(String atUri) {
    if (atUri == null || !atUri.startsWith("at://did:")) {
      return null;
    }
    int end = atUri.indexOf('/', 5);
    return end < 0 ? atUri.substring(5) : atUri.substring(5, end);
  }

  static AccountRef account(String did) {
    return AccountRef.newBuilder().setNetwork(NAME).setAccountId(did).build();
  }
}
