package dev.sway.collectors;

import static dev.sway.collectors.Fixtures.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HandleResolverTest {
  @Test
  void aHandleResolvesToItsDidAndAnUnknownOneIsNotFound() throws Exception {
    try (AppViewStub appView = new AppViewStub(Map.of(ALICE, "alice.bsky.social"))) {
      HandleResolver r = new HandleResolver(appView.url(), 5000);
      assertThat(r.resolve("alice.bsky.social")).isEqualTo(ALICE);
      assertThat(r.resolve("@alice.bsky.social")).isEqualTo(ALICE);
      assertThatThrownBy(() -> r.resolve("nobody.bsky.social"))
          .isInstanceOf(HandleResolver.UnknownHandle.class)
          .hasMessageContaining("nobody.bsky.social");
    }
    assertThat(HandleResolver.isHandle("alice.bsky.social")).isTrue();
    assertThat(HandleResolver.isHandle(ALICE)).isFalse();
  }
}
