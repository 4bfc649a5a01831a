package org.satds.core.io;

/**
 * How to interpret a file's array as a volume.
 *
 * @param channelsFirst a 4D array is (channels, x, y, z), as the original processors stored multi-channel
 *                      masks with np.stack(axis=0); otherwise a 4D array is (x, y, z, channels)
 * @param compact       keep unscaled 8-bit unsigned data as bytes instead of floats (masks)
 * @param shorts        keep unscaled int16 data as shorts instead of floats (scans the loader resamples, which
 *                      converts only the voxels its foreground crop reads)
 */
public record ReadOptions(boolean channelsFirst, boolean compact, boolean shorts) {
    public static final ReadOptions IMAGE = new ReadOptions(false, false, false);
    public static final ReadOptions SCAN = new ReadOptions(false, false, true);
    public static final ReadOptions MASK = new ReadOptions(false, true, false);
    public static final ReadOptions CHANNEL_FIRST_MASK = new ReadOptions(true, true, false);
}
