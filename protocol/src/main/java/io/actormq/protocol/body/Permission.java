package io.actormq.protocol.body;

/** The {@code perm} bits of a topic's queue data. */
public final class Permission {

  public static final int INHERIT = 1;
  public static final int WRITE = 2;
  public static final int READ = 4;
  public static final int PRIORITY = 8;

  public static final int READ_WRITE = READ | WRITE;

  private Permission() {}

  public static boolean isReadable(int perm) {
    return (perm & READ) != 0;
  }

  public static boolean isWritable(int perm) {
    return (perm & WRITE) != 0;
  }
}
