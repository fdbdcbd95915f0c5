/**
 * Refuses to start on a Node.js that cannot `require()` ES modules, with a message in French
 * and English, where Node would print ERR_REQUIRE_ESM and a stack. NestJS 12's packages are
 * ES modules and Vigie's build is CommonJS: Node loads them through `require()` by default
 * from 20.19 and 22.12 (earlier only behind a flag, and never when it is turned off).
 *
 * `refuse-unsupported-node.ts` applies it, imported before anything else by the gateway's and
 * the CLI's entry points (their other imports load NestJS).
 */

/** The refusal for a Node.js whose `require()` cannot load ES modules; undefined when it can. */
export function unsupportedNode(features: { require_module?: boolean }, version: string): string | undefined {
  if (features.require_module) return undefined;
  // On a release that has the feature, it was turned off (--no-experimental-require-module) or not turned on.
  const flagged = /^v(20\.(19|[2-9]\d)|22\.(1[2-9]|[2-9]\d)|2[3-9]|[3-9]\d)/.test(version) ? ' with require() of ES modules turned off' : '';
  const flaggedFr = flagged ? ' où require() des modules ES est désactivé' : '';
  return (
    `Vigie needs Node.js 20.19 or later, or 22.12 or later, whose require() loads ES modules (NestJS 12's packages are ES modules); this is Node.js ${version}${flagged}. ` +
    `/ Vigie a besoin de Node.js 20.19 ou plus récent, ou 22.12 ou plus récent, dont require() charge les modules ES (les paquets de NestJS 12 en sont) ; celui-ci est Node.js ${version}${flaggedFr}.`
  );
}
