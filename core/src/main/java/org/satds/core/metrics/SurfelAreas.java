package org.satds.core.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The area in mm^2 of the surface that marching cubes puts through a 2x2x2 neighbourhood, for each of its 256
 * codes: DeepMind's surface-distance lookup table (see the resource), scaled to the voxel size as its
 * {@code compute_surface_distances} does: a normal (n0, n1, n2) becomes (n0 s1 s2, n1 s0 s2, n2 s0 s1), and a
 * code's area is the sum of its normals' lengths.
 */
public final class SurfelAreas {
    private static final double[][][] NORMALS = read();

    private SurfelAreas() {}

    public static double[] forSpacing(double[] s) {
        double[] areas = new double[256];
        for (int code = 0; code < 256; code++) {
            double sum = 0;
            for (double[] n : NORMALS[code]) {
                double a = n[0] * s[1] * s[2], b = n[1] * s[0] * s[2], c = n[2] * s[0] * s[1];
                sum += Math.sqrt(a * a + b * b + c * c);
            }
            areas[code] = sum;
        }
        return areas;
    }

    private static double[][][] read() {
        String name = "neighbour-code-normals.txt";
        try (InputStream in = SurfelAreas.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("resource missing: " + name);
            List<double[][]> codes = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] normals = line.split(";");
                double[][] code = new double[normals.length][];
                for (int i = 0; i < normals.length; i++) {
                    String[] v = normals[i].trim().split("\\s+");
                    code[i] = new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2])};
                }
                codes.add(code);
            }
            if (codes.size() != 256) throw new IOException(name + " has " + codes.size() + " codes, not 256");
            return codes.toArray(double[][][]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
