/**
 * Typed request and response headers as records, one per RocketMQ header class, with the wire names
 * of RocketMQ's Java classes.
 *
 * <p>Each record has {@code static fromExtFields(Map)}, which throws {@link
 * io.actormq.protocol.header.HeaderException} naming the first missing or unparsable required
 * field, and {@code writeTo(Map)} / {@code toExtFields()}. Required fields are primitives or
 * non-null strings (the constructors reject null); optional fields are nullable boxed types, or
 * primitives where RocketMQ itself has a default (documented per field). Unknown fields, such as
 * RocketMQ's common {@code lo}, {@code ns}, {@code nsd}, {@code oway} and {@code ReqT}, are
 * ignored.
 */
package io.actormq.protocol.header;
