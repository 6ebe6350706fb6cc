package io.actormq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AckWindowTest {

  @Test
  void theLowestUnacknowledgedOffsetAdvancesOverAckedPrefixesOnly() {
    AckWindow w = new AckWindow();
    for (long o = 10; o < 60; o += 2) {
      w.add(o);
    }
    assertThat(w.lowest()).isEqualTo(10);
    assertThat(w.ack(12)).isTrue();
    assertThat(w.lowest()).isEqualTo(10);
    assertThat(w.ack(10)).isTrue();
    assertThat(w.lowest()).isEqualTo(14);
    assertThat(w.ack(12)).isFalse();
    assertThat(w.ack(13)).isFalse();
    for (long o = 14; o < 60; o += 2) {
      assertThat(w.ack(o)).isTrue();
    }
    assertThat(w.isEmpty()).isTrue();
  }

  @Test
  void growsAcrossTheRingsWrapPoint() {
    AckWindow w = new AckWindow();
    long next = 0;
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 13; i++) {
        w.add(next++);
      }
      for (long o = next - 13; o < next - 3; o++) {
        w.ack(o);
      }
    }
    assertThat(w.size()).isGreaterThan(16);
    assertThat(w.lowest()).isEqualTo(10);
  }

  @Test
  void offsetsMustRise() {
    AckWindow w = new AckWindow();
    w.add(5);
    assertThatThrownBy(() -> w.add(5)).isInstanceOf(IllegalArgumentException.class);
  }
}
