package io.runnel.protocol.doc;

import java.util.List;

/** A minimal line diff (longest common subsequence) for readable "documentation is stale" failures. */
final class LineDiff {
    private LineDiff() {
    }

    /** Lines only in {@code expected} prefixed "+ ", lines only in {@code actual} "- ", common ones "  ". */
    static String diff(List<String> expected, List<String> actual) {
        int n = expected.size();
        int m = actual.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = expected.get(i).equals(actual.get(j))
                        ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
                sb.append("  ").append(expected.get(i++)).append('\n');
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                sb.append("- ").append(actual.get(j++)).append('\n');
            } else {
                sb.append("+ ").append(expected.get(i++)).append('\n');
            }
        }
        return sb.toString();
    }
}
