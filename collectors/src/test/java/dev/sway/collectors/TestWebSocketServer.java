package dev.sway.collectors;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket server of RFC 6455's text frames on a loopback socket, enough for a client reading a
 * stream: the handshake, server frames (unmasked, optionally fragmented), and the client's close
 * frame drained on a thread of its own. Each connection runs the script given.
 */
public final class TestWebSocketServer implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** What the server does on one connection. */
  public interface Script {
    void serve(Conn c) throws IOException, InterruptedException;
  }

  /** One accepted connection. */
  public static final class Conn {
    /** The request URI of the upgrade request (path and query). */
    public final URI requestUri;

    /** The upgrade request's {@code Authorization} header, or null. */
    public final String authorization;

    private final Socket socket;
    private final OutputStream out;
    private final AtomicLong sent;
    volatile boolean clientClosed;

    Conn(URI requestUri, String authorization, Socket socket, AtomicLong sent) throws IOException {
      this.requestUri = requestUri;
      this.authorization = authorization;
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.sent = sent;
    }

    /** The value of a query parameter of the upgrade request, or null. */
    public String query(String name) {
      String q = requestUri.getRawQuery();
      if (q == null) {
        return null;
      }
      for (String kv : q.split("&")) {
        if (kv.startsWith(name + "=")) {
          return kv.substring(name.length() + 1);
        }
      }
      return null;
    }

    /** Sends one text message in a single frame. */
    public void send(String text) throws IOException {
      send(text, Integer.MAX_VALUE);
    }

    /** Sends one text message in frames of at most {@code fragmentBytes}. */
    void send(String text, int fragmentBytes) throws IOException {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      int off = 0;
      boolean first = true;
      do {
        int n = Math.min(fragmentBytes, b.length - off);
        boolean fin = off + n == b.length;
        frame((fin ? 0x80 : 0) | (first ? 0x1 : 0x0), b, off, n);
        off += n;
        first = false;
      } while (off < b.length);
      sent.incrementAndGet();
    }

    synchronized void frame(int head, byte[] b, int off, int n) throws IOException {
      ByteArrayOutputStream h = new ByteArrayOutputStream(10);
      h.write(head);
      if (n < 126) {
        h.write(n);
      } else if (n < 65536) {
        h.write(126);
        h.write(n >>> 8);
        h.write(n);
      } else {
        h.write(127);
        for (int i = 7; i >= 0; i--) {
          h.write((int) ((long) n >>> (8 * i)));
        }
      }
      out.write(h.toByteArray());
      out.write(b, off, n);
      out.flush();
    }

    /** Drops the TCP connection without a close frame, as a crashed server or a network does. */
    public void drop() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /** Waits until the client closes or the socket ends. */
    public void awaitClientClose(long timeoutMs) throws InterruptedException {
      long end = System.currentTimeMillis() + timeoutMs;
      while (!clientClosed && !socket.isClosed() && System.currentTimeMillis() < end) {
        Thread.sleep(10);
      }
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final Thread acceptor;

  /** The connections accepted so far, in order. */
  public final List<Conn> connections = new CopyOnWriteArrayList<>();

  final AtomicLong sent = new AtomicLong();

  /** Listens on a free loopback port; each connection runs {@code script} on its own thread. */
  public TestWebSocketServer(Script script) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    this.acceptor = new Thread(this::accept, "test-ws-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The {@code ws://} address of {@code path} on this server. */
  public String url(String path) {
    return "ws://127.0.0.1:" + server.getLocalPort() + path;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> handle(s), "test-ws-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      String requestLine = line(in);
      String key = null;
      String auth = null;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int c = h.indexOf(':');
        String name = h.substring(0, c).strip().toLowerCase();
        String value = h.substring(c + 1).strip();
        if (name.equals("sec-websocket-key")) {
          key = value;
        } else if (name.equals("authorization")) {
          auth = value;
        }
      }
      String accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Conn c = new Conn(URI.create(requestLine.split(" ")[1]), auth, s, sent);
      connections.add(c);
      Thread reader = new Thread(() -> drain(c, in), "test-ws-read");
      reader.setDaemon(true);
      reader.start();
      script.serve(c);
    } catch (Exception e) {
      // The client went away or the script dropped the connection: nothing to clean up.
    }
  }

  /** Reads client frames; answers a close frame with one and marks the connection closed. */
  private static void drain(Conn c, InputStream raw) {
    DataInputStream in = new DataInputStream(raw);
    try {
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        in.skipNBytes(len);
        if ((b0 & 0x0F) == 0x8) {
          c.clientClosed = true;
          c.frame(0x88, new byte[0], 0, 0);
          return;
        }
      }
    } catch (IOException e) {
      c.clientClosed = true;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int ch = in.read(); ch != -1 && ch != '\n'; ch = in.read()) {
      if (ch != '\r') {
        sb.append((char) ch);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Conn c : connections) {
      try {
        c.socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
