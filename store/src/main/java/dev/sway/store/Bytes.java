package dev.sway.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The primitives of Sway's binary records: big-endian fixed-width numbers, unsigned and zig-zag
 * varints (protobuf's encodings) and length-prefixed UTF-8 strings.
 */
final class Bytes {
  private Bytes() {}

  /** A growable output buffer. Not thread-safe. */
  static final class Writer {
    private byte[] buf;
    private int len;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    Writer u8(int v) {
      ensure(1);
      buf[len++] = (byte) v;
      return this;
    }

    Writer u16(int v) {
      ensure(2);
      buf[len++] = (byte) (v >>> 8);
      buf[len++] = (byte) v;
      return this;
    }

    Writer u24(int v) {
      ensure(3);
      buf[len++] = (byte) (v >>> 16);
      buf[len++] = (byte) (v >>> 8);
      buf[len++] = (byte) v;
      return this;
    }

    Writer i64(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[len++] = (byte) (v >>> shift);
      }
      return this;
    }

    Writer f64(double v) {
      return i64(Double.doubleToRawLongBits(v));
    }

    Writer f32(float v) {
      int bits = Float.floatToRawIntBits(v);
      ensure(4);
      buf[len++] = (byte) (bits >>> 24);
      buf[len++] = (byte) (bits >>> 16);
      buf[len++] = (byte) (bits >>> 8);
      buf[len++] = (byte) bits;
      return this;
    }

    /** Unsigned LEB128 varint of a non-negative value. */
    Writer varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
      return this;
    }

    /** Zig-zag varint: small magnitudes of either sign take few bytes. */
    Writer zigzag(long v) {
      return varint((v << 1) ^ (v >> 63));
    }

    Writer string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    Writer bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
      return this;
    }

    int length() {
      return len;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  /** A reader over a byte array; throws {@link IllegalArgumentException} past its end. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf, int pos) {
      this.buf = buf;
      this.pos = pos;
    }

    private void need(int n) {
      if (pos + n > buf.length) {
        throw new IllegalArgumentException("record truncated at byte " + pos);
      }
    }

    int u8() {
      need(1);
      return buf[pos++] & 0xFF;
    }

    int u16() {
      need(2);
      int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    int u24() {
      need(3);
      int v = ((buf[pos] & 0xFF) << 16) | ((buf[pos + 1] & 0xFF) << 8) | (buf[pos + 2] & 0xFF);
      pos += 3;
      return v;
    }

    long i64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xFF);
      }
      return v;
    }

    double f64() {
      return Double.longBitsToDouble(i64());
    }

    float f32() {
      need(4);
      int bits =
          ((buf[pos] & 0xFF) << 24)
              | ((buf[pos + 1] & 0xFF) << 16)
              | ((buf[pos + 2] & 0xFF) << 8)
              | (buf[pos + 3] & 0xFF);
      pos += 4;
      return Float.intBitsToFloat(bits);
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = u8();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("malformed varint at byte " + pos);
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    String string() {
      long n = varint();
      if (n < 0 || n > buf.length - pos) {
        throw new IllegalArgumentException(
            "string of " + n + " bytes runs past the record at byte " + pos);
      }
      String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return s;
    }

    boolean atEnd() {
      return pos >= buf.length;
    }

    int position() {
      return pos;
    }
  }
}
