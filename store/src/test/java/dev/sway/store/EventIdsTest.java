package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  // The hash is part of the stored format: remembered ids are these numbers. Values checked
  // against an independent FNV-1a + SplitMix64 implementation.
  @Test
  void knownValuesNeverChange() {
    assertThat(EventIds.hash("evt-0001")).isEqualTo(0x191707388938b8c5L);
    assertThat(EventIds.hash("")).isEqualTo(0xf52a15e9a9b5e89bL);
    assertThat(EventIds.hash("x:alice/post/1234567890:like:x:bob")).isEqualTo(0xbf6e8bcf98eb6b1fL);
    // UTF-8 bytes, not UTF-16 chars.
    assertThat(EventIds.hash("é")).isEqualTo(0x233403617480019eL);
  }

  @Test
  void isAFunctionOfTheId() {
    assertThat(EventIds.hash(new String("evt-0001"))).isEqualTo(EventIds.hash("evt-0001"));
  }

  @Test
  void generatedIdsDoNotCollide() {
    int n = 200_000;
    Set<Long> seen = new HashSet<>(2 * n);
    for (int i = 0; i < n; i++) {
      seen.add(EventIds.hash("x:account" + (i % 97) + "/event/" + i));
    }
    assertThat(seen).hasSize(n);
    // Short sequential ids, the likeliest to collide in a weak hash.
    Set<Long> shortIds = new HashSet<>(2 * n);
    for (int i = 0; i < n; i++) {
      shortIds.add(EventIds.hash(Integer.toString(i)));
    }
    assertThat(shortIds).hasSize(n);
  }

  @Test
  void idsDifferingInOneCharacterDifferInManyBits() {
    String base = "x:alice/post/1234567890:like:x:bob";
    long h = EventIds.hash(base);
    int pairs = 0;
    long totalBits = 0;
    for (int pos = 0; pos < base.length(); pos++) {
      for (char c = '0'; c <= 'z'; c++) {
        if (c == base.charAt(pos)) {
          continue;
        }
        String other = base.substring(0, pos) + c + base.substring(pos + 1);
        int bits = Long.bitCount(h ^ EventIds.hash(other));
        assertThat(bits).as("%s vs %s", base, other).isGreaterThanOrEqualTo(12);
        totalBits += bits;
        pairs++;
      }
    }
    // A well-mixed 64-bit hash flips half the bits on average.
    assertThat((double) totalBits / pairs).isBetween(30.0, 34.0);

    // Consecutive numeric ids, too: both halves of the hash change.
    for (int i = 0; i < 1_000; i++) {
      long x = EventIds.hash("evt-" + i) ^ EventIds.hash("evt-" + (i + 1));
      assertThat(Long.bitCount(x >>> 32)).isGreaterThanOrEqualTo(4);
      assertThat(Long.bitCount(x & 0xFFFFFFFFL)).isGreaterThanOrEqualTo(4);
    }
  }
}
