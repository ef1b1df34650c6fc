package vn.wardwatch.plate;

import java.util.List;

/**
 * The plate of one track, voted over several reads of it (see {@link PlateVoting}).
 *
 * @param text          the winner in canonical form
 * @param characters    the winner without separators
 * @param confidence    how sure the vote is, in [0, 1]: support times the confidence of the winning characters
 * @param valid         whether the winner satisfies the plate grammar (see {@link PlateVoting})
 * @param support       share of all the reads' weight that agrees with the winner, position by position, in [0, 1];
 *                      reads of another length count against it
 * @param reads         how many reads were voted
 * @param agreeingReads how many of them read exactly the winner
 * @param runnerUps     the other readings, most weight first (at most {@link PlateVoting#MAX_RUNNER_UPS})
 */
public record PlateVote(String text, String characters, PlateLayout layout, PlateColour colour, double confidence,
                        boolean valid, double support, int reads, int agreeingReads, List<RunnerUp> runnerUps) {

    public PlateVote {
        runnerUps = List.copyOf(runnerUps);
    }

    /**
     * A reading that lost.
     *
     * @param support share of all the reads' weight behind exactly this reading
     * @param reads   how many reads gave it
     */
    public record RunnerUp(String text, String characters, double support, int reads) {
    }
}
