<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("authioMagicLinkBodyHtml", link, code, linkExpirationMinutes, realmName))?no_esc}
</@layout.emailLayout>
