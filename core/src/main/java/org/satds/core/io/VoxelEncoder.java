package org.satds.core.io;

/** Encodes one value little endian into a buffer as a given {@link DataType}, rounding and clamping integers. */
final class VoxelEncoder {
    private VoxelEncoder() {}

    static int put(byte[] buf, int pos, DataType type, double v) {
        switch (type) {
            case UINT8, INT8 -> buf[pos] = (byte) clampRound(v, type == DataType.UINT8 ? 0 : -128, type == DataType.UINT8 ? 255 : 127);
            case INT16, UINT16 -> putLong(buf, pos, clampRound(v, type == DataType.INT16 ? Short.MIN_VALUE : 0,
                    type == DataType.INT16 ? Short.MAX_VALUE : 65535), 2);
            case INT32, UINT32 -> putLong(buf, pos, clampRound(v, type == DataType.INT32 ? Integer.MIN_VALUE : 0,
                    type == DataType.INT32 ? Integer.MAX_VALUE : 0xffffffffL), 4);
            case INT64, UINT64 -> putLong(buf, pos, Math.round(v), 8);
            case FLOAT32 -> putLong(buf, pos, Float.floatToRawIntBits((float) v), 4);
            case FLOAT64 -> putLong(buf, pos, Double.doubleToRawLongBits(v), 8);
            default -> throw new IllegalArgumentException("cannot encode " + type);
        }
        return pos + type.bytes;
    }

    private static long clampRound(double v, long lo, long hi) {
        long r = Math.round(v);
        return Math.max(lo, Math.min(hi, r));
    }

    private static void putLong(byte[] buf, int pos, long v, int bytes) {
        for (int i = 0; i < bytes; i++) buf[pos + i] = (byte) (v >>> (8 * i));
    }
}
