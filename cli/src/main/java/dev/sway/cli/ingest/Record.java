package dev.sway.cli.ingest;

import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;

/**
 * One parsed line of an input file: an interaction, a snapshot, nothing (blank, comment or header)
 * or an error with its reason.
 */
public record Record(long line, Interaction interaction, ProfileSnapshot snapshot, String error) {
  public static Record of(long line, Interaction i) {
    return new Record(line, i, null, null);
  }

  public static Record of(long line, ProfileSnapshot s) {
    return new Record(line, null, s, null);
  }

  public static Record error(long line, String reason) {
    return new Record(line, null, null, reason);
  }

  public static Record skip(long line) {
    return new Record(line, null, null, null);
  }

  public boolean isError() {
    return error != null;
  }
}
