package io.authio.keycloak.risk;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/**
 * AUTHIO_RISK_DECISION, AUTHIO_STEP_UP_CHALLENGE, AUTHIO_DEVICE, AUTHIO_RISK_PROFILE, AUTHIO_RISK_DECISION_HOURLY
 * (changelog table DATABASECHANGELOG_AUTHIO_RIS; AUTHIO_RISK_ROLLUP, the rollup's cluster-wide watermark, belongs
 * to no realm and is read with SQL). Children first, so realm removal deletes challenges before decisions.
 */
public class RiskEntityProviderFactory extends AuthioEntityProviderFactory {

    public RiskEntityProviderFactory() {
        super("authio-risk-jpa", List.of(StepUpChallengeEntity.class, RiskDecisionEntity.class, DeviceEntity.class,
                RiskProfileEntity.class, RiskDecisionHourlyEntity.class), "META-INF/authio/risk-changelog.xml");
    }
}
