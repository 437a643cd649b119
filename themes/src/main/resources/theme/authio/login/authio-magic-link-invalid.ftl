<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: authio-magic-link-invalid.ftl -->
    <#assign why = reason!'unknown'>
    <#if section = "header">
        ${msg("authioMagicLinkInvalidTitle_" + why)}
    <#elseif section = "form">
        <p id="authio-magic-link-invalid" data-reason="${why}" role="alert">${msg("authioMagicLinkInvalid_" + why)}</p>
        <#if canResend!false>
            <form id="authio-magic-link-resend" class="${properties.kcFormClass!}" action="${actionUrl!url.loginAction}" method="post">
                <input type="hidden" name="resend" value="true"/>
                <@buttons.actionGroup>
                    <@buttons.button id="authio-magic-link-resend-submit" name="resendLink" label="authioMagicLinkSendNew" />
                </@buttons.actionGroup>
            </form>
        </#if>
    </#if>
</@layout.registrationLayout>
