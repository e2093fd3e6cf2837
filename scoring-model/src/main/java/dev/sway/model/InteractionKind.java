package dev.sway.model;

/** The kinds of engagement the model knows, mirroring {@code sway.v1.InteractionType}. */
public enum InteractionKind {
  LIKE,
  COMMENT,
  REPLY,
  SHARE,
  MENTION
}
