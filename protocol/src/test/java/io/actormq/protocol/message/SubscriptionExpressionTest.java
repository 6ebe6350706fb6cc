package io.actormq.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.rocketmq.remoting.protocol.filter.FilterAPI;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionExpressionTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "",
        " ",
        "TagA",
        "TagA || TagB",
        " A||B ||  || C ",
        "A||A",
        "A | B",
        "||",
        "ü || 標籤",
        "* || A"
      })
  void parsesLikeTheClient(String expr) throws Exception {
    SubscriptionExpression ours = SubscriptionExpression.parse(expr);
    SubscriptionData theirs;
    try {
      theirs = FilterAPI.buildSubscriptionData("T", expr);
    } catch (Exception refused) { // "||": the client refuses it; ours matches nothing
      assertThat(ours.isAll()).isFalse();
      assertThat(ours.tags()).isEmpty();
      assertThat(ours.matches(0)).isFalse();
      return;
    }
    if (SubscriptionData.SUB_ALL.equals(theirs.getSubString())) {
      assertThat(ours.isAll()).isTrue();
      assertThat(ours.matches(12345)).isTrue();
      assertThat(ours.matchesTag(null)).isTrue();
      return;
    }
    assertThat(ours.isAll()).isFalse();
    assertThat(ours.tags()).containsExactlyInAnyOrderElementsOf(theirs.getTagsSet());
    assertThat(java.util.Arrays.stream(ours.codes()).boxed().toList())
        .containsExactlyInAnyOrderElementsOf(theirs.getCodeSet());
    for (String tag : theirs.getTagsSet()) {
      assertThat(ours.matches(TagHash.of(tag))).isTrue();
      assertThat(ours.matchesTag(tag)).isTrue();
    }
    assertThat(ours.matches(TagHash.of("NotATag"))).isFalse();
    assertThat(ours.matches(0)).isFalse(); // untagged messages do not pass a tag filter
  }
}
