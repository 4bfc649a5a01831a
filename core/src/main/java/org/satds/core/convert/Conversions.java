package org.satds.core.convert;

import java.io.IOException;
import java.nio.file.Path;
import org.satds.core.io.DataType;
import org.satds.core.io.NiftiWriter;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.Volumes;
import org.satds.core.volume.Volume;

/** Single-file conversions to NIfTI, and the choice of a NIfTI data type that holds a volume's values exactly. */
public final class Conversions {
    private Conversions() {}

    /**
     * NRRD (.nrrd, .nhdr) or MetaImage (.mhd, .mha) to NIfTI with the same geometry (as SimpleITK's ReadImage +
     * WriteImage did in the original) and the source's element type.
     */
    public static void toNifti(Path source, Path nifti) throws IOException {
        DataType type = Volumes.header(source).type();
        Volume v = Volumes.read(source, type == DataType.UINT8 ? ReadOptions.MASK : ReadOptions.IMAGE);
        NiftiWriter.write(nifti, v, type);
    }

    /** The narrowest of uint8, int16 and int32 that holds every value exactly, else float32. */
    public static DataType exactType(Volume v) {
        if (v.isBytes()) return DataType.UINT8;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < v.channels(); c++) {
            for (float f : v.floats(c)) {
                if (f != Math.rint(f)) return DataType.FLOAT32;
                min = Math.min(min, f);
                max = Math.max(max, f);
            }
        }
        if (min >= 0 && max <= 255) return DataType.UINT8;
        if (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) return DataType.INT16;
        // floats hold integers exactly only up to 2^24, so wider ones cannot have been read exactly anyway
        return min >= -(1 << 24) && max <= 1 << 24 ? DataType.INT32 : DataType.FLOAT32;
    }
}
