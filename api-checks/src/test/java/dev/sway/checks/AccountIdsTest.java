package dev.sway.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The canonical spelling of account ids, and the script mixes refused as look-alikes. */
class AccountIdsTest {
  @Test
  void oneSpellingPerAccount() {
    String nfc = "eras\u00e9Z";
    assertThat(AccountIds.canonical("linkedin", "erase\u0301Z")).isEqualTo(nfc);
    assertThat(AccountIds.canonical("linkedin", "\uff45\uff52\uff41\uff53\u00e9\uff3a"))
        .isEqualTo(nfc);
    // Case is kept where ids are case-sensitive, folded where handles ignore it.
    assertThat(AccountIds.canonical("youtube", "UCabcDEF")).isEqualTo("UCabcDEF");
    assertThat(AccountIds.canonical("x", "ERAS\u00c9Z")).isEqualTo("eras\u00e9z");
    assertThat(AccountIds.canonical("mastodon", "Alice@Example.Social"))
        .isEqualTo("alice@example.social");
    // Mastodon's handle as it is written in a mention: the same account.
    assertThat(AccountIds.canonical("mastodon", "@anna@fosstodon.org"))
        .isEqualTo("anna@fosstodon.org");
    assertThat(AccountIds.canonical("bluesky", "Alice.BSKY.social")).isEqualTo("alice.bsky.social");
    // The handle as written: the leading @ goes where ids are handles, stays where it may be data.
    assertThat(AccountIds.canonical("mastodon", "@Anna@Fosstodon.org"))
        .isEqualTo("anna@fosstodon.org");
    assertThat(AccountIds.canonical("x", "@alice")).isEqualTo("alice");
    assertThat(AccountIds.canonical("bluesky", "@alice.bsky.social"))
        .isEqualTo("alice.bsky.social");
    assertThat(AccountIds.canonical("youtube", "@Channel")).isEqualTo("@Channel");
    assertThat(AccountIds.canonical("x", "@")).isEqualTo("@");
    // Already canonical: the same instance, no work.
    String plain = "alice_88";
    assertThat(AccountIds.canonical("x", plain)).isSameAs(plain);
  }

  @Test
  void lookAlikeMixesAreNamedAndRealNamesPass() {
    assertThat(AccountIds.mixedScripts("er\u0430s\u00e9Z")).contains("Cyrillic", "Latin");
    assertThat(AccountIds.mixedScripts("p\u03b1ypal")).contains("Greek", "Latin");
    assertThat(AccountIds.mixedScripts("\u0430\u043b\u0438\u0441\u0430")).isNull();
    assertThat(AccountIds.mixedScripts("tokyo\u6771\u4eac\u3072\u3089")).isNull();
    assertThat(AccountIds.mixedScripts("alice_88@example.social")).isNull();
  }
}
