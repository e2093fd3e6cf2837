package dev.sway.collectors;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic Jetstream messages in the real {@code /subscribe} format, for the demo and the
 * benchmark: made-up DIDs, a heavy-tailed audience (a few accounts receive most engagement), and
 * roughly the network's mix: mostly likes, then posts (replies, quotes, mentions, hashtags),
 * reposts and follows. Not real data.
 */
public final class SyntheticJetstream {
  private static final String[] TAGS = {"jazz", "AI", "#rust", "Photography", "news", "art"};

  private SyntheticJetstream() {}

  /** A synthetic DID: {@code did:plc:} and 24 base32 characters. */
  public static String did(int i) {
    StringBuilder s = new StringBuilder("did:plc:");
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    long v = (i + 1) * 0x9E3779B97F4A7C15L;
    for (int k = 0; k < 24; k++) {
      s.append(alphabet.charAt((int) ((v >>> 59) & 31)));
      v = v * 6364136223846793005L + 1442695040888963407L;
    }
    return s.toString();
  }

  /**
   * {@code n} messages among {@code accounts} accounts, {@code stepUs} of stream time apart from
   * {@code startUs}, reproducible from {@code seed}.
   */
  public static List<String> generate(int n, int accounts, long startUs, long stepUs, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long t = startUs + i * stepUs;
      String actor = did(r.nextInt(accounts));
      // Targets drawn from a power law: account k receives about 1/k of the engagement.
      String target =
          did((int) Math.min(accounts - 1, Math.floor(Math.pow(accounts, r.nextDouble())) - 1));
      String rkey = rkey(i);
      String created = java.time.Instant.ofEpochMilli(t / 1000).toString();
      int kind = r.nextInt(100);
      String record;
      String collection;
      if (kind < 65) {
        collection = BlueskyNetwork.LIKE;
        record = subjectRecord(collection, created, target, rkey(i + 7));
      } else if (kind < 75) {
        collection = BlueskyNetwork.REPOST;
        record = subjectRecord(collection, created, target, rkey(i + 7));
      } else if (kind < 95) {
        collection = BlueskyNetwork.POST;
        String tag = TAGS[r.nextInt(TAGS.length)];
        String uri = "at://" + target + "/app.bsky.feed.post/" + rkey(i + 11);
        String ref =
            "{\"cid\":\"bafyreidc6sydkkbchcyg62v77wbhzvb2mvytlmsychqgwf2xojjtirmzj4\",\"uri\":\""
                + uri
                + "\"}";
        String shape =
            switch (kind % 3) {
              case 0 -> ",\"reply\":{\"parent\":" + ref + ",\"root\":" + ref + "}";
              case 1 -> ",\"embed\":{\"$type\":\"app.bsky.embed.record\",\"record\":" + ref + "}";
              default ->
                  ",\"facets\":[{\"features\":[{\"$type\":\"app.bsky.richtext.facet#mention\",\"did\":\""
                      + target
                      + "\"}],\"index\":{\"byteEnd\":12,\"byteStart\":0}}]";
            };
        record =
            "{\"$type\":\"app.bsky.feed.post\",\"createdAt\":\""
                + created
                + "\",\"langs\":[\"en\"],\"text\":\"a synthetic post about #"
                + tag.replace("#", "")
                + "\",\"tags\":[\""
                + tag
                + "\"]"
                + shape
                + "}";
      } else {
        collection = BlueskyNetwork.FOLLOW;
        record =
            "{\"$type\":\"app.bsky.graph.follow\",\"createdAt\":\""
                + created
                + "\",\"subject\":\""
                + target
                + "\"}";
      }
      out.add(
          "{\"did\":\""
              + actor
              + "\",\"time_us\":"
              + t
              + ",\"kind\":\"commit\",\"commit\":{\"rev\":\""
              + rkey
              + "\",\"operation\":\"create\",\"collection\":\""
              + collection
              + "\",\"rkey\":\""
              + rkey
              + "\",\"record\":"
              + record
              + ",\"cid\":\"bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi\"}}");
    }
    return out;
  }

  private static String subjectRecord(String type, String created, String target, String rkey) {
    return "{\"$type\":\""
        + type
        + "\",\"createdAt\":\""
        + created
        + "\",\"subject\":{\"cid\":\"bafyreidc6sydkkbchcyg62v77wbhzvb2mvytlmsychqgwf2xojjtirmzj4\","
        + "\"uri\":\"at://"
        + target
        + "/app.bsky.feed.post/"
        + rkey
        + "\"}}";
  }

  /** A record key in the TID alphabet, 13 characters. */
  private static String rkey(long i) {
    String alphabet = "234567abcdefghijklmnopqrstuvwxyz";
    StringBuilder s = new StringBuilder("3");
    long v = i;
    for (int k = 0; k < 12; k++) {
      s.append(alphabet.charAt((int) (v & 31)));
      v >>>= 5;
    }
    return s.toString();
  }
}
