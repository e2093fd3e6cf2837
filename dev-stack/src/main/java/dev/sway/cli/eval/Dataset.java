package dev.sway.cli.eval;

import java.util.List;

/**
 * A dataset mapped to interactions, in arrival (time) order, with its temporal split: everything
 * before {@code cutS} is known, and accounts are judged by what they receive in [{@code cutS},
 * {@code endS}).
 *
 * @param name the command-line name
 * @param title one line for the table header
 * @param trainLabel the known period, e.g. "days 1-4"
 * @param futureLabel what the future window counts, e.g. "retweets received in days 5-7"
 * @param measure how the future window is counted
 * @param skipped what was left out of the input, e.g. "7,588 self-interactions"; empty when none
 */
public record Dataset(
    String name,
    String title,
    List<Interaction> events,
    long cutS,
    long endS,
    String trainLabel,
    String futureLabel,
    Measure measure,
    String skipped) {

  /** What the future window counts per account. */
  public enum Measure {
    /** Measured interactions received. */
    RECEIVED,
    /** Distinct accounts that sent a measured interaction. */
    DISTINCT_ENGAGERS
  }
}
