package io.actormq.broker;

/**
 * Marks messages, events and snapshots that are serialized with Jackson CBOR (see the {@code
 * pekko.actor.serialization-bindings} in reference.conf): persisted metadata events today, messages
 * between cluster nodes later. Messages holding node-local objects (connections) must not carry it.
 */
public interface CborSerializable {}
