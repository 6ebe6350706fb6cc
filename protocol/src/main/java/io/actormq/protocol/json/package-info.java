/**
 * A small, dependency-free JSON reader and writer for RocketMQ wire bodies and headers.
 *
 * <ul>
 *   <li>{@link io.actormq.protocol.json.JsonReader} parses UTF-8 bytes or a String into a plain
 *       tree: {@code LinkedHashMap<String,Object>}, {@code ArrayList<Object>}, {@code String},
 *       {@code Long}, {@code Double}, {@code BigDecimal} (integers beyond {@code long} and doubles
 *       beyond {@code double}), {@code Boolean} and {@code null}. Malformed input raises {@link
 *       io.actormq.protocol.json.JsonException} with the offending offset.
 *   <li>{@link io.actormq.protocol.json.JsonWriter} streams JSON as UTF-8 into a growable, reusable
 *       byte buffer.
 *   <li>{@link io.actormq.protocol.json.JsonTree} offers typed, failing-clearly accessors over a
 *       parsed tree, for body decoders.
 * </ul>
 *
 * <p>Neither class is thread-safe; a writer may be {@linkplain
 * io.actormq.protocol.json.JsonWriter#reset() reset} and reused.
 */
package io.actormq.protocol.json;
