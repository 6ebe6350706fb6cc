package io.actormq.protocol.message;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A TAG subscription expression: {@code *} or empty for everything, else tags separated by {@code
 * ||}. Parsed as the RocketMQ client parses it (each piece trimmed, empty pieces dropped, no other
 * syntax), so the tag set and hash codes equal the {@code tagsSet} and {@code codeSet} it sends in
 * heartbeats. Immutable and thread-safe; {@link #matches} allocates nothing.
 */
public final class SubscriptionExpression {

  public static final String ALL = "*";

  private static final SubscriptionExpression MATCH_ALL =
      new SubscriptionExpression(ALL, Set.of(), new int[0], true);

  private final String expression;
  private final Set<String> tags;
  private final int[] sortedCodes;
  private final boolean all;

  private SubscriptionExpression(String expression, Set<String> tags, int[] codes, boolean all) {
    this.expression = expression;
    this.tags = tags;
    this.sortedCodes = codes;
    this.all = all;
  }

  public static SubscriptionExpression parse(String expression) {
    // Untrimmed on purpose: the client treats " " and "* || A" as (empty) tag lists too.
    if (expression == null || expression.isEmpty() || expression.equals(ALL)) {
      return MATCH_ALL;
    }
    Set<String> tags = new LinkedHashSet<>();
    int len = expression.length();
    int start = 0;
    while (start <= len) {
      int end = expression.indexOf("||", start);
      if (end < 0) {
        end = len;
      }
      String tag = expression.substring(start, end).trim();
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
      start = end + 2;
    }
    int[] codes = tags.stream().mapToInt(String::hashCode).sorted().distinct().toArray();
    return new SubscriptionExpression(expression, Collections.unmodifiableSet(tags), codes, false);
  }

  /** True for {@code *} / empty. */
  public boolean isAll() {
    return all;
  }

  /** The tags in expression order; empty for {@link #isAll()}. */
  public Set<String> tags() {
    return tags;
  }

  /** The distinct tag hash codes, ascending. */
  public int[] codes() {
    return sortedCodes.clone();
  }

  /** Whether a message with this tag hash ({@link TagHash#of}) passes the broker-side filter. */
  public boolean matches(int tagHash) {
    return all || Arrays.binarySearch(sortedCodes, tagHash) >= 0;
  }

  /** Exact match on the tag string, as the client re-filters. */
  public boolean matchesTag(String tag) {
    return all || (tag != null && tags.contains(tag));
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubscriptionExpression s && s.all == all && s.tags.equals(tags);
  }

  @Override
  public int hashCode() {
    return all ? 1 : tags.hashCode();
  }

  @Override
  public String toString() {
    return all ? ALL : String.join(" || ", tags);
  }
}
