package dev.sway.collectors;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * A loopback WebSocket server (RFC 6455 text frames) replaying Jetstream messages from the
 * request's {@code cursor} on, for the demo and the benchmark: the real collector reads it exactly
 * as it reads Jetstream. Not a Jetstream: no filtering by collection, no live tail.
 */
public final class ReplayServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private final ServerSocket server;
  private final List<String> messages;
  private final long[] timesUs;

  public ReplayServer(List<String> messages) throws IOException {
    this.messages = messages;
    this.timesUs = new long[messages.size()];
    for (int i = 0; i < timesUs.length; i++) {
      String m = messages.get(i);
      int a = m.indexOf("\"time_us\":") + 10;
      int b = a;
      while (b < m.length() && Character.isDigit(m.charAt(b))) {
        b++;
      }
      timesUs[i] = b > a ? Long.parseLong(m.substring(a, b)) : 0;
    }
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "replay-accept");
    t.setDaemon(true);
    t.start();
  }

  /** The {@code ws://} URL of the stream. */
  public String url() {
    return "ws://127.0.0.1:" + server.getLocalPort() + "/subscribe";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "replay-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      String request = line(in);
      String key = "";
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        if (h.regionMatches(true, 0, "sec-websocket-key:", 0, 18)) {
          key = h.substring(18).strip();
        }
      }
      long from = cursor(request);
      OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept(key)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < messages.size(); i++) {
        if (timesUs[i] >= from) {
          frame(out, messages.get(i).getBytes(StandardCharsets.UTF_8));
        }
      }
      out.flush();
      // Then quiet, as a caught-up stream; until the client closes.
      DataInputStream d = new DataInputStream(in);
      while (true) {
        int b0 = d.readUnsignedByte();
        int b1 = d.readUnsignedByte();
        long len = b1 & 0x7F;
        len = len == 126 ? d.readUnsignedShort() : len == 127 ? d.readLong() : len;
        d.skipNBytes(len + ((b1 & 0x80) != 0 ? 4 : 0));
        if ((b0 & 0x0F) == 0x8) {
          out.write(new byte[] {(byte) 0x88, 0});
          out.flush();
          return;
        }
      }
    } catch (IOException | NoSuchAlgorithmException e) {
      // The client went away.
    }
  }

  private static long cursor(String requestLine) {
    int q = requestLine.indexOf("cursor=");
    if (q < 0) {
      return 0;
    }
    int end = q + 7;
    while (end < requestLine.length() && Character.isDigit(requestLine.charAt(end))) {
      end++;
    }
    return end > q + 7 ? Long.parseLong(requestLine.substring(q + 7, end)) : 0;
  }

  private static String accept(String key) throws NoSuchAlgorithmException {
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
  }

  private static void frame(OutputStream out, byte[] b) throws IOException {
    out.write(0x81);
    if (b.length < 126) {
      out.write(b.length);
    } else if (b.length < 65536) {
      out.write(126);
      out.write(b.length >>> 8);
      out.write(b.length);
    } else {
      out.write(127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) b.length >>> (8 * i)));
      }
    }
    out.write(b);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
