<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
<!-- template: authio-rate-limited.ftl -->
    <#if section = "header">
        ${msg("authioRateLimitedTitle")}
    <#elseif section = "form">
        <p id="authio-rate-limited" role="alert" data-retry-after="${retryAfterSeconds!60}"><#if (limited!'') == 'codes'>${msg("authioRateLimitedCodesText", retryAfterMinutes!1)}<#else>${msg("authioRateLimitedText", retryAfterMinutes!1)}</#if></p>
    </#if>
</@layout.registrationLayout>
