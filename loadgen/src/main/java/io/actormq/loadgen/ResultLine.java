package io.actormq.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable summary: {@code RESULT key=value key=value ...} on one line.
 *
 * <p>Values never hold spaces or '=' (they are replaced by '_'), so a shell can split the line with
 * {@code tr ' ' '\n'} and a program with {@link #parse}.
 */
public final class ResultLine {

  public static final String PREFIX = "RESULT ";

  private ResultLine() {}

  public static String format(Map<String, String> fields) {
    StringBuilder line = new StringBuilder(PREFIX.length() + fields.size() * 24).append(PREFIX);
    boolean first = true;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (!first) {
        line.append(' ');
      }
      first = false;
      line.append(field.getKey()).append('=').append(field.getValue().replaceAll("[\\s=]", "_"));
    }
    return line.toString();
  }

  /**
   * The fields of a result line, in order.
   *
   * @throws IllegalArgumentException when the line is not a result line
   */
  public static Map<String, String> parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a result line: " + line);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : line.substring(PREFIX.length()).trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not key=value: '" + pair + "' in " + line);
      }
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return fields;
  }
}
