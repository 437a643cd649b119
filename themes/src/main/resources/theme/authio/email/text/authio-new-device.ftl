<#ftl output_format="plainText">
${msg("authioNewDeviceBody", realmName, device, ip, country, time)}
