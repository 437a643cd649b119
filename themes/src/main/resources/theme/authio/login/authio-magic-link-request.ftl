<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: authio-magic-link-request.ftl -->
    <#if section = "header">
        ${msg("authioMagicLinkRequestTitle")}
    <#elseif section = "form">
        <p id="authio-magic-link-intro" class="authio-hint">${msg("authioMagicLinkRequestIntro")}</p>
        <form id="authio-magic-link-request" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <@field.input name="email" label=msg("email") value=(magicLinkEmail!'') autocomplete="email" autofocus=true />
            <@buttons.actionGroup>
                <@buttons.button id="authio-magic-link-send" name="send" label="authioMagicLinkSend" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
