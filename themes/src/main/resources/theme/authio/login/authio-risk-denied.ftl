<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=false; section>
<!-- template: authio-risk-denied.ftl -->
    <#if section = "header">
        ${msg("authioRiskDeniedTitle")}
    <#elseif section = "form">
        <p id="authio-risk-denied" role="alert">${msg("authioRiskDeniedText")}</p>
    </#if>
</@layout.registrationLayout>
