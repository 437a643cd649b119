<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("authioNewDeviceBodyHtml", realmName, device, ip, country, time))?no_esc}
</@layout.emailLayout>
