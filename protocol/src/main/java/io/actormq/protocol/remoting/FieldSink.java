package io.actormq.protocol.remoting;

import java.util.Map;

/**
 * Where a {@link DirectHeader} writes its fields: straight into an encoder's buffer (numbers as
 * digits, names pre-encoded) or, through {@link #into(Map)}, into a map of strings. Every value
 * ends up as the text {@code Long.toString}/{@code Boolean.toString}/the string itself would give;
 * the {@code put} overloads skip null values, as {@code ExtFields.put} does.
 */
public interface FieldSink {

  /** A non-null string value. */
  void string(FieldName name, String value);

  /** A number, written in decimal. */
  void number(FieldName name, long value);

  /** A boolean, written as {@code true} or {@code false}. */
  void bool(FieldName name, boolean value);

  default void put(FieldName name, String value) {
    if (value != null) {
      string(name, value);
    }
  }

  default void put(FieldName name, long value) {
    number(name, value);
  }

  default void put(FieldName name, Integer value) {
    if (value != null) {
      number(name, value);
    }
  }

  default void put(FieldName name, Long value) {
    if (value != null) {
      number(name, value);
    }
  }

  default void put(FieldName name, Boolean value) {
    if (value != null) {
      bool(name, value);
    }
  }

  /** A sink putting every field into {@code map} as a string. */
  static FieldSink into(Map<String, String> map) {
    return new FieldSink() {
      @Override
      public void string(FieldName name, String value) {
        map.put(name.name(), value);
      }

      @Override
      public void number(FieldName name, long value) {
        map.put(name.name(), Long.toString(value));
      }

      @Override
      public void bool(FieldName name, boolean value) {
        map.put(name.name(), Boolean.toString(value));
      }
    };
  }
}
