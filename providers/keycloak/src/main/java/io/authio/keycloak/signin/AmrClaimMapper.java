package io.authio.keycloak.signin;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import io.authio.core.json.Json;

/**
 * {@code authio-amr-mapper}: the {@code amr} claim (RFC 8176 authentication method references) of the sign-in
 * that created the session, as {@link SignInMethodsAuthenticator} recorded it: {@code pwd}, {@code email},
 * {@code passkey}, {@code otp}, {@code hwk}, {@code rba}, {@code mfa}. Nothing when the flow did not record it.
 */
public class AmrClaimMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String ID = "authio-amr-mapper";
    public static final String CLAIM = "amr";
    private static final List<ProviderConfigProperty> PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(PROPERTIES, AmrClaimMapper.class);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String json = userSession == null ? null : userSession.getNote(SignInNotes.AMR);
        if (json == null) {
            return;
        }
        try {
            token.getOtherClaims().put(CLAIM, Json.MAPPER.readValue(json, List.class));
        } catch (java.io.IOException e) {
            // a damaged note never breaks token issuance
        }
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Authio authentication methods (amr)";
    }

    @Override
    public String getHelpText() {
        return "Adds the amr claim: the methods the sign-in used (pwd, email, passkey, otp, hwk, rba for a passed risk "
                + "step-up, mfa), as recorded by the 'Authio sign-in methods' execution.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public String getId() {
        return ID;
    }
}
