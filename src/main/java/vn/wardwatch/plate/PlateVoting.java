package vn.wardwatch.plate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Votes one plate out of several reads of the same vehicle.
 *
 * <p>Each read weighs its confidence; a read that fails the grammar weighs {@link #INVALID_WEIGHT} of that, so
 * valid reads outweigh invalid ones without silencing them. Reads are grouped by length (an OCR that drops or adds
 * a character cannot be aligned position by position); the group with the most weight wins. Within it every
 * position is voted separately, each read voting its character with its weight times that character's confidence,
 * so one swapped character in one frame is outvoted by the other frames.
 *
 * <p>A winner that no read gave as a whole (a mix of positions) takes its separators, layout and validity from the
 * heaviest read of its group; it is called valid only when that read is valid and every position keeps its kind
 * (digit or letter), which is what the positional Vietnamese grammar checks.
 */
public final class PlateVoting {

    /** An invalid read weighs this share of its confidence. */
    public static final double INVALID_WEIGHT = 0.25;
    public static final int MAX_RUNNER_UPS = 3;
    // Keeps zero-confidence reads countable, so ties fall to the number of reads.
    private static final double MIN_WEIGHT = 1e-6;
    private static final String SEPARATORS = "-. ";

    private PlateVoting() {
    }

    /**
     * A vote and where it is best seen.
     *
     * @param bestRead index, in the list that was voted, of the read that best shows the winner (whose crop to keep)
     */
    public record Result(PlateVote vote, int bestRead) {
    }

    /** The vote over {@code reads}; empty when none of them has any character. */
    public static Optional<Result> vote(List<PlateRead> reads) {
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            if (!reads.get(i).characters().isEmpty()) {
                usable.add(i);
            }
        }
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        // Heaviest first: every "first seen wins" tie below then goes to the heavier read.
        usable.sort(Comparator.comparingDouble((Integer i) -> -weight(reads.get(i))));
        double totalWeight = 0;
        Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
        for (int i : usable) {
            totalWeight += weight(reads.get(i));
            byLength.computeIfAbsent(reads.get(i).characters().length(), k -> new ArrayList<>()).add(i);
        }
        List<Integer> group = heaviestGroup(reads, byLength);
        String winner = perPosition(reads, group);

        int template = group.get(0);
        int agreeing = 0;
        for (int i : usable) {
            if (reads.get(i).characters().equals(winner)) {
                if (agreeing == 0) {
                    template = i;
                }
                agreeing++;
            }
        }
        PlateRead best = reads.get(template);
        boolean valid = agreeing > 0 ? best.valid() : best.valid() && sameKinds(winner, best.characters());
        String text = agreeing > 0 ? best.text() : withSeparatorsOf(best.text(), winner);

        double support = 0;
        double winnerConfidence = 0;
        for (int p = 0; p < winner.length(); p++) {
            double agree = 0;
            double confidence = 0;
            for (int i : group) {
                PlateRead r = reads.get(i);
                if (r.characters().charAt(p) == winner.charAt(p)) {
                    agree += weight(r);
                    confidence += weight(r) * r.characterConfidences().get(p);
                }
            }
            support += agree / totalWeight;
            winnerConfidence += agree > 0 ? confidence / agree : 0;
        }
        support /= winner.length();
        winnerConfidence /= winner.length();
        double confidence = Math.max(0, Math.min(1, support * winnerConfidence));
        return Optional.of(new Result(new PlateVote(text, winner, majorityLayout(reads, group),
                majorityColour(reads, usable), confidence, valid, support, usable.size(), agreeing,
                runnerUps(reads, usable, winner, totalWeight)), template));
    }

    /** What a read's vote counts. */
    static double weight(PlateRead read) {
        return Math.max(MIN_WEIGHT, read.confidence()) * (read.valid() ? 1 : INVALID_WEIGHT);
    }

    private static List<Integer> heaviestGroup(List<PlateRead> reads, Map<Integer, List<Integer>> byLength) {
        List<Integer> best = null;
        double bestWeight = -1;
        for (List<Integer> group : byLength.values()) {
            double w = group.stream().mapToDouble(i -> weight(reads.get(i))).sum();
            if (w > bestWeight || (w == bestWeight && group.size() > best.size())) {
                best = group;
                bestWeight = w;
            }
        }
        return best;
    }

    private static String perPosition(List<PlateRead> reads, List<Integer> group) {
        int length = reads.get(group.get(0)).characters().length();
        StringBuilder winner = new StringBuilder(length);
        for (int p = 0; p < length; p++) {
            Map<Character, Double> scores = new LinkedHashMap<>();
            for (int i : group) {
                PlateRead r = reads.get(i);
                scores.merge(r.characters().charAt(p), weight(r) * r.characterConfidences().get(p), Double::sum);
            }
            winner.append(argmax(scores));
        }
        return winner.toString();
    }

    private static PlateLayout majorityLayout(List<PlateRead> reads, List<Integer> group) {
        Map<PlateLayout, Double> scores = new EnumMap<>(PlateLayout.class);
        for (int i : group) {
            scores.merge(reads.get(i).layout(), weight(reads.get(i)), Double::sum);
        }
        return argmax(scores);
    }

    /** The colour most weight saw; UNKNOWN only when no read told a colour. */
    private static PlateColour majorityColour(List<PlateRead> reads, List<Integer> usable) {
        Map<PlateColour, Double> scores = new EnumMap<>(PlateColour.class);
        for (int i : usable) {
            if (reads.get(i).colour() != PlateColour.UNKNOWN) {
                scores.merge(reads.get(i).colour(), weight(reads.get(i)), Double::sum);
            }
        }
        return scores.isEmpty() ? PlateColour.UNKNOWN : argmax(scores);
    }

    private static List<PlateVote.RunnerUp> runnerUps(List<PlateRead> reads, List<Integer> usable, String winner,
                                                      double totalWeight) {
        Map<String, double[]> byCharacters = new LinkedHashMap<>(); // weight, reads
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i : usable) {
            PlateRead r = reads.get(i);
            if (r.characters().equals(winner)) {
                continue;
            }
            double[] sum = byCharacters.computeIfAbsent(r.characters(), k -> new double[2]);
            sum[0] += weight(r);
            sum[1]++;
            texts.putIfAbsent(r.characters(), r.text());
        }
        List<PlateVote.RunnerUp> out = new ArrayList<>();
        byCharacters.forEach((characters, sum) -> out.add(new PlateVote.RunnerUp(texts.get(characters), characters,
                sum[0] / totalWeight, (int) sum[1])));
        out.sort(Comparator.comparingDouble(r -> -r.support()));
        return out.subList(0, Math.min(MAX_RUNNER_UPS, out.size()));
    }

    private static <K> K argmax(Map<K, Double> scores) {
        K best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<K, Double> e : scores.entrySet()) {
            if (e.getValue() > bestScore) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        return best;
    }

    /** Whether every position holds the same kind of character (digit or not) in both. */
    private static boolean sameKinds(String a, String b) {
        for (int p = 0; p < a.length(); p++) {
            if (Character.isDigit(a.charAt(p)) != Character.isDigit(b.charAt(p))) {
                return false;
            }
        }
        return true;
    }

    /** {@code characters} laid out like {@code text} (same separators); just the characters if they do not fit. */
    private static String withSeparatorsOf(String text, String characters) {
        StringBuilder out = new StringBuilder(text.length());
        int next = 0;
        for (char c : text.toCharArray()) {
            if (SEPARATORS.indexOf(c) >= 0) {
                out.append(c);
            } else if (next < characters.length()) {
                out.append(characters.charAt(next++));
            } else {
                return characters;
            }
        }
        return next == characters.length() ? out.toString() : characters;
    }
}
