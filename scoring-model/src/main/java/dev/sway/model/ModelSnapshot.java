package dev.sway.model;

/** A profile snapshot as the model sees it: counters of {@code member} observed at a time. */
public record ModelSnapshot(
    String member, long followers, long following, long posts, long observeMs) {}
