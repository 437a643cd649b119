package io.authio.core.risk;

import java.util.List;

/**
 * Where an account's recent failed sign-ins came from, as far as a stranger is concerned. A failure from one of
 * the account's known devices, from a recent address or network of its successful sign-ins, or from the very
 * address that is signing in now, is not a stranger's doing elsewhere; every other failure is. The risk engine
 * lets failures from elsewhere raise a sign-in to a step-up at most (see {@link RiskEngine}).
 */
public final class FailureOrigins {

    /** Failures grouped by source: the address, whether it came with one of the account's devices, how many. */
    public record Group(String ip, boolean deviceKnown, long count) {
    }

    private FailureOrigins() {
    }

    /**
     * @param total     all recent failures of the account
     * @param groups    failures grouped by source; possibly only the largest groups (the rest count as elsewhere)
     * @param profile   the account's sign-in history
     * @param currentIp the address of the attempt being evaluated
     * @return how many of the failures came from elsewhere, between 0 and {@code total}
     */
    public static int fromElsewhere(long total, List<Group> groups, RiskProfile profile, String currentIp) {
        long notElsewhere = 0;
        for (Group g : groups) {
            boolean here = currentIp != null && currentIp.equals(g.ip());
            if (here || profile.knowsSource(g.deviceKnown(), g.ip())) {
                notElsewhere += g.count();
            }
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, total - notElsewhere));
    }
}
