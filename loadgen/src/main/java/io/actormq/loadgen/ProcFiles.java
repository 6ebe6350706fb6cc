package io.actormq.loadgen;

/** Reads the figures the load generator needs from the text of /proc/PID/stat and status. */
final class ProcFiles {

  private ProcFiles() {}

  /**
   * utime + stime of a /proc/PID/stat line, in clock ticks.
   *
   * <p>The second field is the command name in parentheses and may itself hold spaces and
   * parentheses, so the fields are counted from the last ')'. utime and stime are fields 14 and 15
   * of the line (proc(5)), the 12th and 13th after the name.
   *
   * @throws IllegalArgumentException when the text is not a stat line
   */
  static long cpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: no ')'");
    }
    String[] fields = stat.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state); field N is fields[N - 3].
    if (fields.length < 13) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + fields.length + " fields");
    }
    try {
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: utime/stime not numbers", e);
    }
  }

  /**
   * The RssAnon line of /proc/PID/status, in KiB: resident anonymous memory (heap, direct buffers,
   * thread stacks), without the page cache of mapped files that RSS also counts.
   *
   * @return -1 when the line is absent (a kernel before 4.5)
   */
  static long rssAnonKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("RssAnon:")) {
        String value = line.substring("RssAnon:".length()).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
      }
    }
    return -1;
  }
}
