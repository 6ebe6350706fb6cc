package io.actormq.protocol.remoting;

/**
 * An extFields name pre-encoded for the header writers: its JSON form {@code "name":} and its
 * binary form (i16 length + bytes), so that typed headers write their fields without building maps
 * or encoding names per command. Create one constant per field. Immutable.
 */
public final class FieldName {

  private final String name;
  final byte[] json;
  final byte[] binary;

  private FieldName(String name) {
    this.name = name;
    int n = name.length();
    json = new byte[n + 3];
    binary = new byte[n + 2];
    json[0] = '"';
    binary[0] = (byte) (n >> 8);
    binary[1] = (byte) n;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        throw new IllegalArgumentException("not a plain printable ASCII name: " + name);
      }
      json[i + 1] = (byte) c;
      binary[i + 2] = (byte) c;
    }
    json[n + 1] = '"';
    json[n + 2] = ':';
  }

  /**
   * @param name printable ASCII without {@code "} or {@code \}, as all RocketMQ header names are
   */
  public static FieldName of(String name) {
    if (name.isEmpty() || name.length() > Short.MAX_VALUE) {
      throw new IllegalArgumentException("bad field name length: " + name.length());
    }
    return new FieldName(name.intern());
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
