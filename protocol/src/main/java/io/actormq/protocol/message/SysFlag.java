package io.actormq.protocol.message;

/**
 * The {@code sysFlag} word of a stored message record (not the pull request's sysFlag, which is a
 * different bit set).
 */
public final class SysFlag {

  /** The body is compressed; the algorithm is in {@link #COMPRESSION_TYPE_MASK}. */
  public static final int COMPRESSED = 0x1;

  public static final int MULTI_TAGS = 0x2;

  /** Mask of the two transaction bits; compare the masked value with the TRANSACTION_* values. */
  public static final int TRANSACTION_MASK = 0xC;

  public static final int TRANSACTION_NONE = 0x0;
  public static final int TRANSACTION_PREPARED = 0x4;
  public static final int TRANSACTION_COMMIT = 0x8;
  public static final int TRANSACTION_ROLLBACK = 0xC;

  /** The born host in the record is 16 bytes of IPv6 instead of 4 of IPv4. */
  public static final int BORN_HOST_V6 = 0x10;

  /** The store host in the record is 16 bytes of IPv6 instead of 4 of IPv4. */
  public static final int STORE_HOST_V6 = 0x20;

  /**
   * Broker-internal batch flags of RocketMQ 5; clients mis-handle records carrying them, so a
   * broker must never store or serve them.
   */
  public static final int NEED_UNWRAP = 0x40;

  public static final int INNER_BATCH = 0x80;

  /** Compression algorithm of a compressed body (RocketMQ 5.x); 0 means zlib (4.x producers). */
  public static final int COMPRESSION_TYPE_MASK = 0x700;

  public static final int COMPRESSION_LZ4 = 0x100;
  public static final int COMPRESSION_ZSTD = 0x200;
  public static final int COMPRESSION_ZLIB = 0x300;

  private SysFlag() {}

  public static boolean isCompressed(int sysFlag) {
    return (sysFlag & COMPRESSED) != 0;
  }

  /**
   * The compression algorithm bits ({@link #COMPRESSION_LZ4}, {@link #COMPRESSION_ZSTD} or {@link
   * #COMPRESSION_ZLIB}), normalising the 4.x "no type" encoding to zlib. Meaningful only when
   * {@link #isCompressed} holds.
   */
  public static int compressionType(int sysFlag) {
    int type = sysFlag & COMPRESSION_TYPE_MASK;
    return type == 0 ? COMPRESSION_ZLIB : type;
  }

  /** One of the TRANSACTION_* values. */
  public static int transactionType(int sysFlag) {
    return sysFlag & TRANSACTION_MASK;
  }

  /** {@code sysFlag} with its transaction bits replaced by {@code type} (a TRANSACTION_* value). */
  public static int withTransactionType(int sysFlag, int type) {
    return (sysFlag & ~TRANSACTION_MASK) | (type & TRANSACTION_MASK);
  }

  public static boolean isBornHostV6(int sysFlag) {
    return (sysFlag & BORN_HOST_V6) != 0;
  }

  public static boolean isStoreHostV6(int sysFlag) {
    return (sysFlag & STORE_HOST_V6) != 0;
  }

  /** {@code sysFlag} with the two host-width bits set to match the given hosts. */
  public static int withHostFlags(int sysFlag, boolean bornV6, boolean storeV6) {
    return (sysFlag & ~(BORN_HOST_V6 | STORE_HOST_V6))
        | (bornV6 ? BORN_HOST_V6 : 0)
        | (storeV6 ? STORE_HOST_V6 : 0);
  }
}
