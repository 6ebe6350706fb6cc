package io.actormq.persistence.log;

/**
 * What opening a log found and repaired.
 *
 * @param minOffset the lowest offset still readable
 * @param nextOffset the offset the next append gets
 * @param verifiedFrom the checkpoint: entries from here on were checked against the log
 * @param rebuiltEntries index entries rebuilt from the log (the index was behind or damaged)
 * @param truncatedAtPosition the physical position where a torn or corrupt tail was cut, or -1
 */
public record RecoveryReport(
    long minOffset,
    long nextOffset,
    long verifiedFrom,
    long rebuiltEntries,
    long truncatedAtPosition) {

  public boolean truncated() {
    return truncatedAtPosition >= 0;
  }
}
