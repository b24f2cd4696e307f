package dev.modeldeploy.manifest.rules;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "did you mean ...?" for misspelt field names and enum values. */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The candidate closest to what was written, if it is close enough to be a typo: a case-insensitive match, or
     * an edit distance (with transpositions) of at most a third of the shorter word, at least 1. Ties go to the
     * first candidate in iteration order, so suggestions are deterministic.
     */
    public static Optional<String> closest(String written, Collection<String> candidates) {
        String lowerWritten = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equals(written)) {
                continue;
            }
            String lowerCandidate = candidate.toLowerCase(Locale.ROOT);
            int distance = lowerCandidate.equals(lowerWritten) ? 0 : distance(lowerWritten, lowerCandidate);
            int allowed = Math.max(1, Math.min(written.length(), candidate.length()) / 3);
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " did you mean 'x'?" with a leading "; ", or "" when nothing is close. */
    public static String didYouMean(String written, Collection<String> candidates) {
        return closest(written, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }
}
