/**
 * The RocketMQ remoting layer: the command model, both header serialisations, and framing.
 *
 * <ul>
 *   <li>{@link io.actormq.protocol.remoting.RemotingCommand}: an immutable request or response.
 *   <li>{@link io.actormq.protocol.remoting.RemotingCommandEncoder}: frames, including a
 *       header-only encoding for zero-copy gathering writes.
 *   <li>{@link io.actormq.protocol.remoting.RemotingCommandDecoder}: one complete frame.
 *   <li>{@link io.actormq.protocol.remoting.FrameDecoder}: a byte stream in arbitrary chunks,
 *       bounded by a maximum frame size checked before anything is buffered.
 *   <li>{@link io.actormq.protocol.remoting.RequestCode}, {@link
 *       io.actormq.protocol.remoting.ResponseCode}, {@link
 *       io.actormq.protocol.remoting.LanguageCode}: the numbers on the wire.
 * </ul>
 *
 * <p>Decoding never throws anything but {@link io.actormq.protocol.remoting.ProtocolException}. The
 * frame layout is {@code [i32 totalLen][i32 (type << 24) | headerLen][header][body]}, all
 * big-endian, where {@code totalLen} excludes itself.
 */
package io.actormq.protocol.remoting;
