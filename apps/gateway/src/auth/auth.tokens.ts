export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const AUTH_KEY = Symbol('AUTH_KEY');
export const TOKEN_CONFIG = Symbol('TOKEN_CONFIG');
