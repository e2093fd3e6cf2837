package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Any valid name is a network: the metrics' network label must stay bounded whatever is sent. */
class ScoringMetricsTest {
  static List<ModelEvent> onNetworks(int n) {
    List<ModelEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(
          new ModelEvent(
              "e" + i, InteractionKind.LIKE, "n" + i + ":a", "n" + i + ":b", List.of(), 0));
    }
    return events;
  }

  static Set<String> networkLabels(SimpleMeterRegistry registry) {
    Set<String> labels = new TreeSet<>();
    for (Meter m : registry.getMeters()) {
      String network = m.getId().getTag("network");
      if (network != null) {
        labels.add(network);
      }
    }
    return labels;
  }

  @Test
  void withoutAListTheFirstNetworksSeenAreLabelledAndTheRestAreOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ScoringMetrics metrics = new ScoringMetrics(registry);
    List<ModelEvent> events = onNetworks(5_000);
    metrics.applied(events, 0, events, List.of());
    Set<String> labels = networkLabels(registry);
    assertThat(labels)
        .hasSize(ScoringMetrics.AUTO_NETWORK_LABELS + 1)
        .contains(ScoringMetrics.OTHER_NETWORK, "n0");
    assertThat(registry.getMeters()).hasSizeLessThan(40);
  }

  @Test
  void aConfiguredListIsTheOnlyNetworksNamed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ScoringMetrics metrics = new ScoringMetrics(registry, Set.of("n1", "n7"));
    List<ModelEvent> events = onNetworks(100);
    metrics.applied(events, 0, events, List.of());
    assertThat(networkLabels(registry)).containsExactly("n1", "n7", ScoringMetrics.OTHER_NETWORK);
  }
}
