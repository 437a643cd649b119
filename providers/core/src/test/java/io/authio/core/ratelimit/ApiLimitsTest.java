package io.authio.core.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ApiLimitsTest {

    private final ApiLimits operator = new ApiLimits(120, 20);

    @Test
    void aRealmCanLowerTheOperatorsLimitButNeverRaiseIt() {
        assertEquals(120, operator.perCaller("audit", null, null).limit());
        assertEquals(5, operator.perCaller("audit", "5", null).limit());
        assertEquals(3, operator.perCaller("audit", "5", "3").limit(), "the lower of the realm's two settings");
        assertEquals(3, operator.perCaller("audit", "3", "5").limit());
        assertEquals(120, operator.perCaller("audit", "100000", null).limit(), "a tenant cannot widen the operator's ceiling");
        assertEquals(120, operator.perCaller("audit", null, "100000").limit());
        assertEquals(120, operator.perCaller("audit", "lots", " ").limit(), "malformed values change nothing");
        assertEquals(1, operator.perCaller("audit", "0", null).limit(), "zero or less is the smallest limit, never none");
    }

    @Test
    void eachApiHasABudgetOfItsOwn() {
        assertEquals("audit", ApiLimits.api("audit-events"));
        assertEquals("dsr", ApiLimits.api("compliance"));
        assertEquals("webhooks", ApiLimits.api("webhooks"));
        assertEquals("other", ApiLimits.api("../etc"));
        assertEquals("other", ApiLimits.api(null));
        assertEquals("api.dsr.caller", operator.perCaller(ApiLimits.api("compliance"), null, null).name());
        assertEquals(20, operator.failedApiKeys().limit());
    }

    @Test
    void theOperatorsLimitsArePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ApiLimits(0, 20));
        assertThrows(IllegalArgumentException.class, () -> new ApiLimits(120, 0));
    }
}
