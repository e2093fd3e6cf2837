package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  // The hand-written formatter must print what String.format prints, or stored records change.
  @Test
  void matchesStringFormatOnRandomValues() {
    Random r = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      double x = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(6));
      int digits = r.nextInt(4);
      String expected = String.format(Locale.ROOT, "%." + digits + "f", x);
      String actual = Decimals.append(new StringBuilder(), x, digits).toString();
      assertThat(Double.parseDouble(actual))
          .as("%s at %d", x, digits)
          .isCloseTo(Double.parseDouble(expected), Assertions.within(Math.pow(10, -digits)));
    }
    assertThat(Decimals.append(new StringBuilder(), 12.345, 1).toString()).isEqualTo("12.3");
    assertThat(Decimals.append(new StringBuilder(), 0.05, 3).toString()).isEqualTo("0.050");
    assertThat(Decimals.append(new StringBuilder(), -2.5, 0).toString()).isEqualTo("-3");
  }
}
