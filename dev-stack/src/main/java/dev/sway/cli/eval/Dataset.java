package dev.sway.cli.eval;

import java.util.List;

/**
 * A dataset mapped to interactions, in arrival (time) order, with the cuts it is evaluated at: at
 * each cut everything before it is known, and accounts are judged by what they receive in the
 * window after it.
 *
 * @param name the command-line name
 * @param title one line for the table header
 * @param cuts the cuts and their common window length
 * @param countLabel what the "received" baseline counts, e.g. "retweets received"
 * @param futureLabel what a future window counts, e.g. "retweets received"
 * @param measure how a future window is counted
 * @param skipped what was left out of the input, e.g. "7,588 self-interactions"; empty when none
 */
public record Dataset(
    String name,
    String title,
    List<Interaction> events,
    Cuts cuts,
    String countLabel,
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
