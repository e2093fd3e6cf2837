package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.Timestamps;
import dev.sway.runtime.Errors;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One account has one spelling: after an erasure, the same id decomposed, in fullwidth letters or
 * in another case (where the network ignores case) is the erased account and stays suppressed; an
 * id mixing Latin with Cyrillic look-alikes is refused.
 */
class AccountSpellingsTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();
  static final AtomicInteger EVENTS = new AtomicInteger();

  static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  static RecordInteractionsResponse engage(String network, String target) {
    Interaction x =
        Interaction.newBuilder()
            .setEventId("sp-" + EVENTS.incrementAndGet())
            .setType(InteractionType.INTERACTION_TYPE_SHARE)
            .setActor(acct(network, "sp-fan-" + EVENTS.get()))
            .setTarget(acct(network, target))
            .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 60_000))
            .build();
    return LOCAL
        .client()
        .ingest()
        .recordInteractions(RecordInteractionsRequest.newBuilder().addInteractions(x).build());
  }

  static void notFound(AccountRef a) {
    assertThatThrownBy(
            () ->
                LOCAL
                    .client()
                    .query()
                    .getScore(
                        GetScoreRequest.newBuilder()
                            .setSubject(Subject.newBuilder().setAccount(a))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void anErasedAccountDoesNotComeBackUnderAnotherSpelling() throws Exception {
    assertThat(engage("x", "eras\u00e9Z").getAcceptedCount()).isEqualTo(1);
    PersonLifecycleTest.erase(
        LOCAL, ErasePersonRequest.newBuilder().setAccount(acct("x", "eras\u00e9Z")).build());

    for (String spelling :
        new String[] {
          "erase\u0301Z", // e + combining acute accent
          "\uff45\uff52\uff41\uff53\u00e9\uff3a", // fullwidth letters
          "ERAS\u00c9Z", // another case: X screen names ignore it
          "eras\u00e9z"
        }) {
      RecordInteractionsResponse r = engage("x", spelling);
      assertThat(r.getAcceptedCount()).as(spelling).isZero();
      assertThat(r.getSuppressedCount()).as(spelling).isEqualTo(1);
      notFound(acct("x", spelling));
    }
    assertThat(PersonLifecycleTest.everythingInRedis(LOCAL))
        .noneMatch(
            s ->
                s != null
                    && (s.toLowerCase(Locale.ROOT).contains("eras\u00e9z")
                        || s.contains("erase\u0301")
                        || s.contains("\uff45\uff52")));
  }

  @Test
  void aMastodonIdDifferingOnlyInCaseIsTheErasedAccount() throws Exception {
    assertThat(engage("mastodon", "Gone@Example.Social").getAcceptedCount()).isEqualTo(1);
    PersonLifecycleTest.erase(
        LOCAL,
        ErasePersonRequest.newBuilder()
            .setAccount(acct("mastodon", "gone@example.social"))
            .build());
    RecordInteractionsResponse r = engage("mastodon", "GONE@example.SOCIAL");
    assertThat(r.getAcceptedCount()).isZero();
    assertThat(r.getSuppressedCount()).isEqualTo(1);
    notFound(acct("mastodon", "Gone@Example.Social"));
  }

  @Test
  void aMastodonHandleAsWrittenIsTheSameAccount() {
    engage("mastodon", "anna@fosstodon.org");
    engage("mastodon", "@Anna@Fosstodon.org");
    engage("mastodon", "@anna@FOSSTODON.ORG");
    var score =
        LOCAL
            .client()
            .query()
            .getScore(
                GetScoreRequest.newBuilder()
                    .setSubject(
                        Subject.newBuilder().setAccount(acct("mastodon", "@ANNA@fosstodon.org")))
                    .build());
    assertThat(score.getScore().getAccount().getAccountId()).isEqualTo("anna@fosstodon.org");
    assertThat(score.getScore().getInteractionCount())
        .as("three shares on one account, not one on each of three")
        .isEqualTo(3);
    assertThat(score.getScore().getDistinctEngagers()).isEqualTo(3);
  }

  @Test
  void idsMixingLatinAndCyrillicLettersAreRefused() {
    // "eras\u00e9Z" with a Cyrillic a (U+0430): looks the same, is another string.
    assertThatThrownBy(() -> engage("x", "er\u0430s\u00e9Z"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(Errors.violationsOf(e))
                  .anySatisfy(
                      v -> {
                        assertThat(v.getField()).isEqualTo("interactions[0].target.account_id");
                        assertThat(v.getDescription()).contains("Cyrillic", "Latin");
                      });
            });
    // One script is fine, whatever the script.
    assertThat(engage("vk", "\u0430\u043b\u0438\u0441\u0430").getAcceptedCount()).isEqualTo(1);
  }
}
