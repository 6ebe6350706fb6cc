package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A command on its way to a client: its header fields plus a body given as one or more buffers.
 *
 * <p>The body buffers are written in order as if they were one body, so a pull response can carry
 * the log's read-only segment slices as they are; the front door copies each once, into the bytes
 * it hands to the socket. The buffers are not copied here and must stay untouched until written.
 */
public final class Reply {

  private final RemotingCommand command;
  private final List<ByteBuffer> body;
  private final int bodyLength;

  private Reply(RemotingCommand command, List<ByteBuffer> body, int bodyLength) {
    this.command = command;
    this.body = body;
    this.bodyLength = bodyLength;
  }

  /** The command with its own body, if any. */
  public static Reply of(RemotingCommand command) {
    Objects.requireNonNull(command, "command");
    return command.hasBody()
        ? new Reply(command, List.of(command.body()), command.bodyLength())
        : new Reply(command, List.of(), 0);
  }

  /**
   * The header fields of {@code header} followed by the remaining bytes of each buffer in {@code
   * body}; empty buffers are skipped.
   *
   * @throws IllegalArgumentException if {@code header} has a body of its own (which one would be
   *     meant?) or the body exceeds 2 GiB
   */
  public static Reply of(RemotingCommand header, List<ByteBuffer> body) {
    Objects.requireNonNull(header, "header");
    if (header.hasBody()) {
      throw new IllegalArgumentException("the header command already has a body");
    }
    List<ByteBuffer> parts = new ArrayList<>(body.size());
    long length = 0;
    for (ByteBuffer b : body) {
      if (b.hasRemaining()) {
        // Our own view, so the caller's positions and ours never disturb each other.
        parts.add(b.duplicate());
        length += b.remaining();
      }
    }
    if (length > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("body of " + length + " bytes is too large for a frame");
    }
    return new Reply(header, List.copyOf(parts), (int) length);
  }

  /** The header fields; its own body is the first and only body buffer, if it has one. */
  public RemotingCommand command() {
    return command;
  }

  /** The body buffers, each positioned at its first byte to send. */
  public List<ByteBuffer> body() {
    List<ByteBuffer> copies = new ArrayList<>(body.size());
    for (ByteBuffer b : body) {
      copies.add(b.duplicate());
    }
    return copies;
  }

  public int bodyLength() {
    return bodyLength;
  }

  /** The same body under different header fields (used to stamp opaque and flags). */
  Reply withCommand(RemotingCommand newCommand) {
    return new Reply(newCommand, body, bodyLength);
  }

  @Override
  public String toString() {
    return "Reply[" + command + ", bodyParts=" + body.size() + ", bodyLength=" + bodyLength + "]";
  }
}
