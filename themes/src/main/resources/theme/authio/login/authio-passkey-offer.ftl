<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: authio-passkey-offer.ftl -->
    <#if section = "header">
        ${msg("authioPasskeyOfferTitle")}
    <#elseif section = "form">
        <p id="authio-passkey-offer-text">${msg("authioPasskeyOfferIntro")}</p>
        <form id="authio-passkey-offer" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <@buttons.actionGroup>
                <@buttons.button id="authio-passkey-create" name="passkey_offer" value="create" label="authioPasskeyOfferCreate" />
                <@buttons.button id="authio-passkey-later" name="passkey_offer" value="later" type="secondary" label="authioPasskeyOfferLater" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
