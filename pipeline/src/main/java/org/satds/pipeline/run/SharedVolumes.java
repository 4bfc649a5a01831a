package org.satds.pipeline.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.satds.core.io.ReadOptions;
import org.satds.core.io.VolumeReader;
import org.satds.core.volume.Volume;
import org.satds.datasets.sample.SampleLoader.Input;

/**
 * Decodes each input file of a group of records once, and keeps the volume only while another record that needs
 * it is pending (a count of pending uses per file). A failed decode is remembered too, so a corrupt shared file
 * is not inflated again for every record. Used by one thread at a time: a group runs on one worker.
 */
final class SharedVolumes implements VolumeReader {
    private record Decoded(Volume volume, IOException error) {}

    private final VolumeReader decoder;
    private final Map<Input, Integer> pendingUses = new HashMap<>();
    private final Map<Input, Decoded> decoded = new HashMap<>();

    /** @param inputsOfRecords the inputs of each record of the group that will be converted */
    SharedVolumes(VolumeReader decoder, List<List<Input>> inputsOfRecords) {
        this.decoder = decoder;
        for (List<Input> inputs : inputsOfRecords)
            for (Input in : inputs) pendingUses.merge(key(in.file(), in.options()), 1, Integer::sum);
    }

    @Override
    public Volume read(Path file, ReadOptions options) throws IOException {
        Input key = key(file, options);
        Decoded d = decoded.get(key);
        // the only or last record to use a file reads it uncached, so the volume can go as soon as it is resampled
        if (d == null && pendingUses.getOrDefault(key, 0) <= 1) return decoder.read(file, options);
        if (d == null) {
            try {
                d = new Decoded(decoder.read(file, options), null);
            } catch (IOException e) {
                d = new Decoded(null, e);
            }
            decoded.put(key, d);
        }
        if (d.error() != null) throw d.error();
        return d.volume();
    }

    /** A record is done (converted or failed): drops the volumes no pending record needs any more. */
    void release(List<Input> inputs) {
        for (Input in : inputs) {
            Input key = key(in.file(), in.options());
            if (pendingUses.merge(key, -1, Integer::sum) == 0) {
                pendingUses.remove(key);
                decoded.remove(key);
            }
        }
    }

    /** "data/ct.nii.gz" and "./data/ct.nii.gz" are one file. */
    static Input key(Path file, ReadOptions options) {
        return new Input(file.toAbsolutePath().normalize(), options);
    }
}
