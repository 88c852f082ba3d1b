// Graph's limits on federated identity credentials, shared by the validation, the builders and
// the sandbox tenant so every part of the product uses the same numbers.

/** Graph refuses a 21st credential on one app. */
export const MAX_CREDENTIALS_PER_APP = 20;
export const CREDENTIAL_NAME_MIN_LENGTH = 3;
export const CREDENTIAL_NAME_MAX_LENGTH = 120;
/** Letters, digits, `-` and `_`, starting with a letter or digit, 3–120 characters. */
export const CREDENTIAL_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/;
/** Limit of issuer, subject, each audience and description. */
export const MAX_FIELD_LENGTH = 600;
/** Graph accepts exactly one audience per FIC. */
export const AUDIENCES_PER_CREDENTIAL = 1;
