<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: authio-magic-link-confirm.ftl -->
    <#if section = "header">
        ${msg("authioMagicLinkConfirmTitle")}
    <#elseif section = "form">
        <p id="authio-magic-link-confirm-text">${msg("authioMagicLinkConfirmIntro", magicLinkEmail!'')}</p>
        <#-- The token is only consumed by this POST: opening the link (mail scanners included) changes nothing. -->
        <form id="authio-magic-link-confirm" class="${properties.kcFormClass!}" action="${actionUrl}" method="post">
            <input type="hidden" name="confirm_token" value="${confirmToken}"/>
            <@buttons.actionGroup>
                <@buttons.button id="authio-magic-link-confirm-submit" name="confirm" label="authioMagicLinkConfirmSubmit" autofocus="autofocus" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
