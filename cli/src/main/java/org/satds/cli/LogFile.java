package org.satds.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.satds.core.io.IoErrors;
import org.satds.pipeline.run.RunLog;

/**
 * {@code --log FILE} of every command: while the command runs, what it prints to the terminal (out and err) is
 * also appended to FILE, each line with its UTC time, together with the runner's line per sample (its time or
 * failure) and the command's exit status, so an overnight run leaves a record. A progress bar redrawn in place
 * ({@code \r}) leaves its last state.
 */
final class LogFile implements AutoCloseable {
    static final String OPTION = "--log";

    private final Writer file;
    private final PrintStream out = System.out, err = System.err;

    private LogFile(Path path, String[] args) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        file = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        line("satds " + String.join(" ", args));
        System.setOut(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err), true, StandardCharsets.UTF_8));
        RunLog.to(this::line);
    }

    /** The file {@code --log FILE} or {@code --log=FILE} names in the arguments, else null. */
    static Path requested(String[] args) {
        List<String> a = List.of(args);
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("--")) break;
            if (a.get(i).equals(OPTION) && i + 1 < a.size()) return Path.of(a.get(i + 1));
            if (a.get(i).startsWith(OPTION + "=")) return Path.of(a.get(i).substring(OPTION.length() + 1));
        }
        return null;
    }

    /** Opens the log the arguments ask for (null when none); an unwritable file is a setup mistake. */
    static LogFile open(String[] args) {
        Path path = requested(args);
        if (path == null) return null;
        try {
            return new LogFile(path, args);
        } catch (IOException e) {
            throw new IllegalArgumentException("--log " + path + ": " + IoErrors.describe(e));
        }
    }

    synchronized void line(String text) {
        try {
            file.write(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + text + "\n");
            file.flush();
        } catch (IOException e) {
            // the log is a copy: a full disk must not stop the run the terminal still shows
        }
    }

    void exit(int status) {
        line("exit " + status);
    }

    @Override
    public void close() throws IOException {
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
        RunLog.to(null);
        file.close();
    }

    /** Writes through to the terminal stream and collects whole lines for the log. */
    private final class Tee extends OutputStream {
        private final OutputStream terminal;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        Tee(OutputStream terminal) {
            this.terminal = terminal;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            terminal.write(b);
            collect(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            terminal.write(b, off, len);
            for (int i = off; i < off + len; i++) collect(b[i]);
        }

        private void collect(int b) {
            if (b == '\n') {
                line(current.toString(StandardCharsets.UTF_8));
                current.reset();
            } else if (b == '\r') {
                current.reset(); // redrawn in place: only what stays on the screen is logged
            } else {
                current.write(b);
            }
        }


        @Override
        public void flush() throws IOException {
            terminal.flush();
        }
    }
}
