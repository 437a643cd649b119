<#ftl output_format="plainText">
${msg("authioMagicLinkBody", link, code, linkExpirationMinutes, realmName)}
