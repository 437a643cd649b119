<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
<!-- template: authio-rate-limited.ftl -->
    <#if section = "header">
        ${msg("authioRateLimitedTitle")}
    <#elseif section = "form">
        <p id="authio-rate-limited" role="alert" data-retry-after="${retryAfterSeconds!60}">${msg("authioRateLimitedText", retryAfterMinutes!1)}</p>
    </#if>
</@layout.registrationLayout>
