package dev.sway.collectors;

import java.net.URI;
import java.util.Map;

/**
 * One network's side of a collector: where its stream is and how a message maps to interactions.
 * Everything else (connection, backpressure, batching, cursor, metrics) is shared, so another
 * network is one implementation of this interface.
 */
public interface Network {
  /** Sway's network name, the {@code network} of every account it produces. */
  String name();

  /**
   * The stream to connect to, resuming after {@code cursor} when the stream can replay (-1: from
   * now). A network that cannot replay ignores the cursor.
   */
  URI streamUri(long cursor);

  /** Headers of the WebSocket handshake (authorization). */
  default Map<String, String> headers() {
    return Map.of();
  }

  /**
   * Where to resume from a saved cursor: a little earlier than the last acknowledged message, since
   * the stream is only roughly ordered; event ids make the overlap harmless. -1 when the network
   * cannot replay.
   */
  long resumeCursor(long savedCursor);

  /** Maps one text message. Never throws: a message it cannot read is a skip with a reason. */
  Mapped map(String message, long nowMs);
}
