package dev.sway.scoring;

/** A validated profile snapshot of the account named by {@code member}. */
public record SnapshotEvent(
    String member, long followers, long following, long posts, long observeMs) {}
