package io.caveat.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.caveat.collect.Directories;
import io.caveat.load.Snapshot;
import io.caveat.load.SnapshotException;
import io.caveat.load.SnapshotLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What SNAPSHOT_DIR names: a directory or a file, or a stream: "-" for stdin, or a pipe such as /dev/stdin or
 * a process substitution. A stream holds JSON values one after another and/or YAML documents (kubectl -o json,
 * helm template, `cat *.json *.yaml`): it is copied to disk and cut into its JSON and YAML parts, each read like
 * any file, so that problems name "stdin" and the stream's line.
 */
final class SnapshotInput {
    static final String STDIN = "-";
    private static final JsonFactory JSON = new JsonFactory();

    private SnapshotInput() {
    }

    static Snapshot load(Path path, InputStream stdin, SnapshotLoader.Progress progress) {
        boolean dash = STDIN.equals(path.toString());
        if (!dash && (!Files.exists(path) || Files.isDirectory(path) || Files.isRegularFile(path))) {
            return SnapshotLoader.load(path, progress);
        }
        String name = dash ? "stdin" : path.getFileName().toString();
        Path directory;
        try {
            directory = Files.createTempDirectory("caveat-stdin-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path raw = directory.resolve(name + ".raw");
            try (InputStream in = dash ? stdin : Files.newInputStream(path)) {
                Files.copy(in, raw);
            }
            split(raw, directory, name);
            return SnapshotLoader.load(directory, dash ? "stdin" : path.toString());
        } catch (IOException e) {
            throw new SnapshotException("cannot read " + (dash ? "stdin" : path) + ": " + e.getMessage());
        } finally {
            Directories.delete(directory);
        }
    }

    /** A part of the stream: JSON values, or YAML documents, from byte start to end, starting on line. */
    private record Segment(long start, long end, boolean json, long line) {
    }

    /**
     * Cuts the stream into its JSON and YAML parts, each a file whose lines are the stream's (padded with the
     * lines before it), so that a problem's line is the line of the stream.
     */
    private static void split(Path raw, Path directory, String name) throws IOException {
        List<Segment> segments = segments(raw);
        if (segments.size() == 1 && segments.get(0).line == 1) {
            Files.move(raw, directory.resolve(name + (segments.get(0).json ? ".json" : ".yaml")));
            return;
        }
        try (FileChannel from = FileChannel.open(raw)) {
            for (int i = 0; i < segments.size(); i++) {
                Segment segment = segments.get(i);
                Path file = directory.resolve(name + "." + (i + 1) + (segment.json ? ".json" : ".yaml"));
                try (FileChannel to = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    to.write(java.nio.ByteBuffer.wrap("\n".repeat((int) (segment.line - 1)).getBytes(
                            StandardCharsets.US_ASCII)));
                    from.transferTo(segment.start, segment.end - segment.start, to);
                }
            }
        }
        Files.delete(raw);
    }

    private static List<Segment> segments(Path raw) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (RandomAccessFile bytes = new RandomAccessFile(raw.toFile(), "r")) {
            long size = bytes.length();
            long at = 0;
            long line = 1;
            while (true) {
                long next = skipBlank(bytes, at);
                line += newlines(bytes, at, next);
                at = next;
                if (at >= size) {
                    break;
                }
                int first = peek(bytes, at);
                long end = first == '{' || first == '[' ? jsonEnd(raw, bytes, at, size) : yamlEnd(bytes, at);
                segments.add(new Segment(at, end, first == '{' || first == '[', line));
                line += newlines(bytes, at, end);
                at = end;
            }
        }
        if (segments.isEmpty()) {
            segments.add(new Segment(0, 0, false, 1));
        }
        return segments;
    }

    /**
     * Where the JSON values starting at the offset end: one parser reads value after value while the next one
     * opens with { or [; the stream's end when they do not parse.
     */
    private static long jsonEnd(Path raw, RandomAccessFile bytes, long start, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(raw).position(start);
             JsonParser parser = JSON.createParser(Channels.newInputStream(channel))) {
            long end;
            int next;
            do {
                parser.nextToken();
                parser.skipChildren();
                end = start + parser.currentLocation().getByteOffset();
                long following = skipBlank(bytes, end);
                next = following < size ? peek(bytes, following) : -1;
            } while (next == '{' || next == '[');
            return end;
        } catch (JsonProcessingException e) {
            return size; // malformed: the loader reports it, with its position
        }
    }

    private static final int CHUNK = 64 * 1024;

    /** YAML runs until a line that starts with { or [ (a JSON value after it), or the end. Read a chunk at a time. */
    private static long yamlEnd(RandomAccessFile bytes, long start) throws IOException {
        byte[] buffer = new byte[CHUNK];
        bytes.seek(start);
        long at = start;
        boolean lineStart = false;
        int n;
        while ((n = bytes.read(buffer)) > 0) {
            for (int i = 0; i < n; i++, at++) {
                byte b = buffer[i];
                if (lineStart && (b == '{' || b == '[')) {
                    return at;
                }
                lineStart = b == '\n';
            }
        }
        return at;
    }

    /** The first offset from which no white space (nor a byte order mark) follows; the end when none. */
    private static long skipBlank(RandomAccessFile bytes, long from) throws IOException {
        byte[] buffer = new byte[CHUNK];
        bytes.seek(from);
        long at = from;
        int n;
        while ((n = bytes.read(buffer)) > 0) {
            for (int i = 0; i < n; i++, at++) {
                int b = buffer[i] & 0xFF;
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != 0xEF && b != 0xBB && b != 0xBF) {
                    return at;
                }
            }
        }
        return bytes.length();
    }

    private static long newlines(RandomAccessFile bytes, long from, long to) throws IOException {
        bytes.seek(from);
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        for (long at = from; at < to; ) {
            int n = bytes.read(buffer, 0, (int) Math.min(buffer.length, to - at));
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    count++;
                }
            }
            at += n;
        }
        return count;
    }

    private static int peek(RandomAccessFile bytes, long at) throws IOException {
        bytes.seek(at);
        return bytes.read();
    }
}
