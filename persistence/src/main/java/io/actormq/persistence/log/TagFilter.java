package io.actormq.persistence.log;

/** Decides from the indexed tag hash alone whether a read returns a record. */
@FunctionalInterface
public interface TagFilter {
  boolean accept(int tagHash);
}
