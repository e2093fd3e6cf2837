package dev.sway.collectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fixture files: messages in the networks' own formats, one a line. Shared with the end-to-end
 * tests of the system-tests module through this module's test-jar.
 */
public final class Fixtures {
  /** The DIDs of the Jetstream fixture's four accounts. */
  public static final String ALICE = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";

  public static final String BOB = "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb";
  public static final String CAROL = "did:plc:cccccccccccccccccccccccc";
  public static final String DAN = "did:plc:dddddddddddddddddddddddd";

  private Fixtures() {}

  /** The non-blank lines of {@code fixtures/NAME} on the classpath, in order. */
  public static List<String> lines(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(all.split("\n")).filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Jetstream like of {@code target}'s post by {@code actor}, at {@code timeUs}. */
  public static String like(String actor, String target, String rkey, long timeUs, String padding) {
    return "{\"did\":\""
        + actor
        + "\",\"time_us\":"
        + timeUs
        + ",\"kind\":\"commit\",\"commit\":{\"rev\":\"3mptbyp000xxa\",\"operation\":\"create\","
        + "\"collection\":\"app.bsky.feed.like\",\"rkey\":\""
        + rkey
        + "\",\"record\":{\"$type\":\"app.bsky.feed.like\",\"createdAt\":\"2026-11-30T10:00:00.000Z\","
        + "\"subject\":{\"cid\":\"bafyreidc6sydkkbchcyg62v77wbhzvb2mvytlmsychqgwf2xojjtirmzj4\","
        + "\"uri\":\"at://"
        + target
        + "/app.bsky.feed.post/3l3pte3p2e325\"}"
        + (padding.isEmpty() ? "" : ",\"note\":\"" + padding + "\"")
        + "},\"cid\":\"bafyreidwaivazkwu67xztlmuobx35hs2lnfh3kolmgfmucldvhd3sgzcqi\"}}";
  }

  /** A DID of the synthetic population: {@code did:plc:} and 24 base32 characters. */
  public static String did(int i) {
    String s =
        Integer.toString(i, 32)
            .replace('0', 'q')
            .replace('1', 'r')
            .replace('8', 's')
            .replace('9', 't');
    return "did:plc:" + "a".repeat(24 - s.length()) + s;
  }
}
