package org.satds.core.io;

/** NIfTI voxel data types (nifti1.h codes) with their numpy descriptors. */
public enum DataType {
    UINT8(2, 1, "u1"),
    INT16(4, 2, "i2"),
    INT32(8, 4, "i4"),
    FLOAT32(16, 4, "f4"),
    FLOAT64(64, 8, "f8"),
    RGB24(128, 3, null),
    INT8(256, 1, "i1"),
    UINT16(512, 2, "u2"),
    UINT32(768, 4, "u4"),
    INT64(1024, 8, "i8"),
    UINT64(1280, 8, "u8");

    public final int code;
    public final int bytes;
    /** numpy kind+size ("f4"), or null when numpy has no plain equivalent. */
    public final String numpy;

    DataType(int code, int bytes, String numpy) {
        this.code = code;
        this.bytes = bytes;
        this.numpy = numpy;
    }

    public static DataType ofCode(int code) {
        for (DataType t : values()) if (t.code == code) return t;
        return null;
    }

    public static DataType ofNumpy(String kindSize) {
        for (DataType t : values()) if (kindSize.equals(t.numpy)) return t;
        return null;
    }
}
