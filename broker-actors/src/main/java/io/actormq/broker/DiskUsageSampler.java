package io.actormq.broker;

import io.actormq.persistence.log.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The used fraction of the data directory's file system, sampled on a timer so that queue actors
 * read a field instead of making a system call per append.
 */
final class DiskUsageSampler implements DoubleSupplier, Runnable {

  private static final Logger log = LoggerFactory.getLogger(DiskUsageSampler.class);

  private final Path dir;
  private volatile double usedRatio;

  DiskUsageSampler(Path dir) {
    this.dir = dir;
    run();
  }

  @Override
  public void run() {
    try {
      usedRatio = RetentionPolicy.usedRatio(dir);
    } catch (IOException e) {
      log.warn("cannot read the disk usage of {}: {}", dir, e.toString());
    }
  }

  @Override
  public double getAsDouble() {
    return usedRatio;
  }
}
