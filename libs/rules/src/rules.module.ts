import { Global, Module } from '@nestjs/common';
import { loadRuleBook } from './loader';

export const RULE_BOOK = Symbol('RULE_BOOK');

/** Loads the rule packs once at start; a malformed pack stops the start with the file and the field. */
@Global()
@Module({ providers: [{ provide: RULE_BOOK, useFactory: () => loadRuleBook() }], exports: [RULE_BOOK] })
export class RulesModule {}
