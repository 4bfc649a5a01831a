package org.satds.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.satds.core.io.VolumeFormatException;

/** Counts of one reader's fuzz run, printed for the record; and the check that a refusal is one line naming its file. */
public final class Tally {
    final String reader;
    int tried, refused, identical, asReference;
    /** decoded differently after a header byte changed: as the damaged header says (no reference reader to compare) */
    int asHeaderSays;
    /** refusals of files the reference reader accepts, by reason */
    final Map<String, Integer> stricter = new TreeMap<>();

    public Tally(String reader) {
        this.reader = reader;
    }

    /** The refusal names one of the files (the damaged one, or the data file its header points to) in a single line. */
    void refused(VolumeFormatException e, String what, Path... files) {
        refused++;
        String m = e.getMessage();
        assertEquals(-1, m.indexOf('\n'), what + ": refusal is not one line: " + m);
        for (Path f : files) if (m.startsWith(f + ": ")) return;
        fail(what + ": refusal does not start with the file's name: " + m);
    }

    void stricter(String reason) {
        stricter.merge(reason, 1, Integer::sum);
    }

    public void print() {
        assertTrue(tried > 0, reader + ": nothing tried");
        System.out.printf("fuzz %-22s tried %4d  refused %4d  decoded identically %4d  decoded as the reference %4d"
                        + "  as the damaged header says %4d%s%n", reader,
                tried, refused, identical, asReference, asHeaderSays, stricter.isEmpty() ? "" : "  (refused where the reference accepts: " + stricter + ")");
        assertEquals(tried, refused + identical + asReference + asHeaderSays, reader + ": every case is refused or decoded");
    }
}
