package org.satds.pipeline.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/**
 * Closing, the progress bar library draws the bar twice; only the first of those drawings is written (the
 * first convert in ConvertWarningsTest shows it end to end: its log has the final line once).
 */
class ProgressTest {
    @Test
    void onlyTheFirstDrawingWhileClosingIsWritten() {
        List<String> written = new ArrayList<>();
        Progress.FinalLineOnce consumer = new Progress.FinalLineOnce(new DelegatingProgressBarConsumer(written::add));
        consumer.accept("1/3");
        consumer.accept("2/3");
        consumer.closing = true;
        consumer.accept("3/3"); // the last refresh
        consumer.accept("3/3"); // drawn again by close
        assertEquals(List.of("1/3", "2/3", "3/3"), written);
    }

    @Test
    void aDrawingThatRepeatsTheLastIsNotWrittenAgain() {
        List<String> written = new ArrayList<>();
        Progress.FinalLineOnce consumer = new Progress.FinalLineOnce(new DelegatingProgressBarConsumer(written::add));
        consumer.accept("3/3"); // every sample skipped: complete from the first drawing
        consumer.closing = true;
        consumer.accept("3/3");
        assertEquals(List.of("3/3"), written);
    }
}
