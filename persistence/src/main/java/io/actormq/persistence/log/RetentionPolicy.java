package io.actormq.persistence.log;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * When whole segments are deleted, with RocketMQ's disk guards:
 *
 * <ul>
 *   <li>segments whose newest record is older than {@code retention} are deleted during the {@code
 *       deleteHours} (all hours when empty, our default; RocketMQ's {@code deleteWhen} is "04"), or
 *       at any hour once disk usage reaches {@code cleanRatio} (75 %, RocketMQ's {@code
 *       diskMaxUsedSpaceRatio});
 *   <li>at {@code forceCleanRatio} (85 %, {@code diskSpaceCleanForciblyRatio}) the oldest segments
 *       go whatever their age, up to {@code forcedBatch} per queue and pass;
 *   <li>at {@code fullRatio} (90 %, {@code diskSpaceWarningLevelRatio}) the disk counts as full,
 *       and the broker refuses writes until retention has made room.
 * </ul>
 *
 * The segment that takes the next write is never deleted.
 */
public record RetentionPolicy(
    Duration retention,
    Set<Integer> deleteHours,
    double cleanRatio,
    double forceCleanRatio,
    double fullRatio,
    int forcedBatch,
    ZoneId zone) {

  public RetentionPolicy {
    if (!(0 < cleanRatio && cleanRatio <= forceCleanRatio && forceCleanRatio <= fullRatio)) {
      throw new IllegalArgumentException("ratios must satisfy 0 < clean <= forceClean <= full");
    }
    deleteHours = Set.copyOf(deleteHours);
  }

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(
        Duration.ofHours(72), Set.of(), 0.75, 0.85, 0.90, 10, ZoneId.systemDefault());
  }

  /** The same policy keeping segments for {@code newRetention}. */
  public RetentionPolicy withRetention(Duration newRetention) {
    return new RetentionPolicy(
        newRetention, deleteHours, cleanRatio, forceCleanRatio, fullRatio, forcedBatch, zone);
  }

  /** True when writes should be refused for lack of disk. */
  public boolean diskFull(double usedRatio) {
    return usedRatio >= fullRatio;
  }

  /**
   * Applies the policy to one log; writer only.
   *
   * @param usedRatio the disk's used fraction, see {@link #usedRatio(Path)}
   * @return the number of segments deleted
   */
  public int apply(QueueLog log, long nowMillis, double usedRatio) throws IOException {
    int deleted = 0;
    boolean inWindow =
        deleteHours.isEmpty()
            || deleteHours.contains(Instant.ofEpochMilli(nowMillis).atZone(zone).getHour());
    if (inWindow || usedRatio >= cleanRatio) {
      deleted += log.deleteSegmentsStoredBefore(nowMillis - retention.toMillis());
    }
    if (usedRatio >= forceCleanRatio) {
      deleted += log.deleteOldestSegments(forcedBatch);
    }
    return deleted;
  }

  /** The used fraction of the file system holding {@code path}. */
  public static double usedRatio(Path path) throws IOException {
    FileStore store = Files.getFileStore(path);
    long total = store.getTotalSpace();
    return total <= 0 ? 0 : 1.0 - (double) store.getUsableSpace() / total;
  }
}
