package io.authio.keycloak.risk;

import java.util.List;

import io.authio.keycloak.store.AuthioEntityProviderFactory;

/**
 * AUTHIO_RISK_DECISION, AUTHIO_STEP_UP_CHALLENGE, AUTHIO_DEVICE, AUTHIO_RISK_PROFILE (changelog table
 * DATABASECHANGELOG_AUTHIO_RIS). Children first, so realm removal deletes challenges before decisions.
 */
public class RiskEntityProviderFactory extends AuthioEntityProviderFactory {

    public RiskEntityProviderFactory() {
        super("authio-risk-jpa", List.of(StepUpChallengeEntity.class, RiskDecisionEntity.class, DeviceEntity.class,
                RiskProfileEntity.class), "META-INF/authio/risk-changelog.xml");
    }
}
