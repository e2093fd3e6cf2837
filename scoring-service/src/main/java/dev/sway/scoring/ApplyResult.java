package dev.sway.scoring;

/** Counts of one applied batch. */
public record ApplyResult(int accepted, int duplicates, int snapshots) {}
