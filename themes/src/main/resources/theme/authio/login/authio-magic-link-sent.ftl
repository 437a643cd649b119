<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout; section>
<!-- template: authio-magic-link-sent.ftl -->
    <#if section = "header">
        ${msg("authioMagicLinkSentTitle")}
    <#elseif section = "form">
        <p id="authio-magic-link-sent" role="status">${msg("authioMagicLinkSentIntro", magicLinkEmail!'', linkExpirationMinutes!10)}</p>
        <p class="authio-hint">${msg("authioMagicLinkSentOtherDevice")}</p>
        <form id="authio-magic-link-code" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <@field.input name="code" label=msg("authioMagicLinkCodeLabel") autocomplete="one-time-code" autofocus=true />
            <@buttons.actionGroup>
                <@buttons.button id="authio-magic-link-code-submit" name="submitCode" label="authioMagicLinkCodeSubmit" />
            </@buttons.actionGroup>
        </form>
        <form id="authio-magic-link-resend" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <input type="hidden" name="resend" value="true"/>
            <@buttons.actionGroup>
                <@buttons.button id="authio-magic-link-resend-submit" name="resendLink" type="secondary" label="authioMagicLinkResend" />
            </@buttons.actionGroup>
            <p class="authio-hint">${msg("authioMagicLinkResendHint", resendCooldownSeconds!60)}</p>
        </form>
        <form id="authio-magic-link-restart" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
            <input type="hidden" name="restart" value="true"/>
            <@buttons.actionGroup>
                <@buttons.button id="authio-magic-link-restart-submit" name="restartLink" type="link" label="authioMagicLinkOtherEmail" />
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
