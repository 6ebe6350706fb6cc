package io.actormq.broker.remoting;

import io.actormq.protocol.remoting.FrameDecoder;
import io.actormq.protocol.remoting.ProtocolException;
import io.actormq.protocol.remoting.RemotingCommand;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Turns a connection's byte chunks into commands with the protocol's {@link FrameDecoder}, which
 * refuses an oversized, negative or too small frame length (and an undecodable header) as soon as
 * those bytes arrive, before anything is buffered for the frame.
 *
 * <p>Corrupt framing is reported to {@code onCorrupt} and then completes this stage rather than
 * failing it, so the connection closes with a FIN and a log line instead of a stream error. The
 * next chunk is pulled only once every command of the previous one has gone downstream, which keeps
 * at most one chunk's commands here and lets the socket's backpressure reach the reader.
 */
final class CommandFraming extends GraphStage<FlowShape<ByteString, RemotingCommand>> {

  private final Inlet<ByteString> in = Inlet.create("CommandFraming.in");
  private final Outlet<RemotingCommand> out = Outlet.create("CommandFraming.out");
  private final FlowShape<ByteString, RemotingCommand> shape = FlowShape.of(in, out);
  private final int maxFrameBytes;
  private final Consumer<ProtocolException> onCorrupt;

  CommandFraming(int maxFrameBytes, Consumer<ProtocolException> onCorrupt) {
    this.maxFrameBytes = maxFrameBytes;
    this.onCorrupt = onCorrupt;
  }

  @Override
  public FlowShape<ByteString, RemotingCommand> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private final FrameDecoder decoder = new FrameDecoder(maxFrameBytes);
      private final ArrayDeque<RemotingCommand> ready = new ArrayDeque<>();

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString chunk = grab(in);
                try {
                  // ByteStrings are immutable: frames wholly inside a chunk are decoded in place.
                  for (ByteBuffer part : chunk.getByteBuffers()) {
                    decoder.feedImmutable(part, ready::add);
                  }
                } catch (ProtocolException e) {
                  // The stream is out of sync; commands decoded before the damage go too, since
                  // the connection closes before their replies could be written.
                  ready.clear();
                  onCorrupt.accept(e);
                  completeStage();
                  return;
                }
                deliver();
              }

              @Override
              public void onUpstreamFinish() {
                // A partial frame left in the decoder is simply dropped with the connection.
                if (ready.isEmpty()) {
                  completeStage();
                }
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                deliver();
              }
            });
      }

      private void deliver() {
        if (isAvailable(out) && !ready.isEmpty()) {
          push(out, ready.poll());
        }
        if (ready.isEmpty()) {
          if (isClosed(in)) {
            completeStage();
          } else if (!hasBeenPulled(in)) {
            pull(in);
          }
        }
      }
    };
  }
}
