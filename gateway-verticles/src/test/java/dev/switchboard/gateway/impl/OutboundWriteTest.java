package dev.switchboard.gateway.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one connection writes of a broadcast's WebSocket frame ({@link Outbound#webSocketWrite}):
 * a small frame as its own copy in pooled direct memory, a larger one as a view of the shared
 * frame; either way the frame's bytes, released by the write without touching the shared frame.
 */
class OutboundWriteTest {

  private final PooledByteBufAllocator pool = new PooledByteBufAllocator(true);

  @Test
  void aSmallFrameIsCopiedIntoPooledMemoryAndReleasedOnItsOwn() {
    Outbound message = Outbound.text("x".repeat(128)).shared();
    ByteBuf shared = message.webSocketFrame();
    byte[] frame = ByteBufUtil.getBytes(shared);
    assertThat(frame.length).isEqualTo(4 + 128).isLessThanOrEqualTo(Outbound.COPY_LIMIT);

    ByteBuf first = message.webSocketWrite(pool);
    ByteBuf second = message.webSocketWrite(pool);

    assertThat(first.unwrap()).isNull(); // its own bytes, not a view
    assertThat(first.isDirect()).isTrue();
    assertThat(first.alloc()).isSameAs(pool);
    assertThat(ByteBufUtil.getBytes(first)).isEqualTo(frame);
    assertThat(ByteBufUtil.getBytes(second)).isEqualTo(frame);
    first.skipBytes(first.readableBytes()); // as a socket write does
    assertThat(first.release()).isTrue();
    assertThat(second.refCnt()).isEqualTo(1);
    assertThat(second.release()).isTrue();
    assertThat(shared.readerIndex()).isZero();
    assertThat(ByteBufUtil.getBytes(message.webSocketFrame())).isEqualTo(frame);
  }

  @Test
  void aLargerFrameIsAViewOfTheSharedFrame() {
    byte[] payload = new byte[Outbound.COPY_LIMIT];
    Outbound message = Outbound.binary(Buffer.buffer(payload)).shared();
    ByteBuf shared = message.webSocketFrame();
    assertThat(shared.readableBytes()).isGreaterThan(Outbound.COPY_LIMIT);

    ByteBuf write = message.webSocketWrite(pool);

    assertThat(write.unwrap()).isNotNull(); // a view of the shared bytes
    assertThat(ByteBufUtil.getBytes(write)).isEqualTo(ByteBufUtil.getBytes(shared));
    write.skipBytes(write.readableBytes());
    write.release(); // the shared frame is never released: the garbage collector frees it
    assertThat(shared.refCnt()).isEqualTo(1);
    assertThat(shared.readerIndex()).isZero();
    assertThat(message.webSocketWrite(pool).readableBytes()).isEqualTo(shared.readableBytes());
  }

  @Test
  void theCopyCarriesTheHeaderOfATextFrame() {
    ByteBuf write = Outbound.text("héllo").shared().webSocketWrite(pool);
    byte[] bytes = ByteBufUtil.getBytes(write);
    assertThat(bytes[0] & 0xff).isEqualTo(0x81); // FIN, text
    assertThat(bytes[1]).isEqualTo((byte) 6);
    assertThat(new String(bytes, 2, 6, StandardCharsets.UTF_8)).isEqualTo("héllo");
    write.release();
  }
}
