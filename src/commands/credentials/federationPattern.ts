// How the product names the 2022 federation-app pattern, wherever it offers or creates one: a
// legacy path the original proof of concept used, supported but never the default.

/** The pattern's name, with why it is not the default. */
export const federationPatternName = 'the federation-app pattern (2022), which predates the official audience (generally available May 2025)';

/** Warned about wherever a federation-app audience is offered. */
export const federationPatternWarning = `Not recommended: ${federationPatternName}. Current Microsoft docs list only the official exchange audiences, and custom audiences are reported to fail (AADSTS700214).`;
