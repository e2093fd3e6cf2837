package dev.sway.scoring;

import java.util.Map;

/** A minimal streaming JSON writer for exports; escapes per RFC 8259. */
final class Json {
  private final StringBuilder b = new StringBuilder();
  private boolean needComma;

  Json open(char c) {
    comma();
    b.append(c);
    needComma = false;
    return this;
  }

  Json close(char c) {
    b.append(c);
    needComma = true;
    return this;
  }

  Json field(String name) {
    comma();
    quote(name);
    b.append(':');
    needComma = false;
    return this;
  }

  Json string(String s) {
    comma();
    quote(s);
    needComma = true;
    return this;
  }

  Json number(double d) {
    return raw(Double.isFinite(d) ? (d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d)) : "null");
  }

  Json raw(String literal) {
    comma();
    b.append(literal);
    needComma = true;
    return this;
  }

  Json map(Map<String, String> m) {
    open('{');
    m.forEach((k, v) -> field(k).string(v));
    return close('}');
  }

  private void comma() {
    if (needComma) {
      b.append(',');
    }
  }

  private void quote(String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
