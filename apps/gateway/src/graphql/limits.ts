import { GraphQLError, Kind, ValidationContext, ASTVisitor, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

export const MAX_DEPTH = 8;
export const MAX_COMPLEXITY = 500;

/**
 * What one root field costs against MAX_COMPLEXITY (every other field costs 1). Aliases let one
 * request ask for the same root field many times: 60 exposures of an order missed for years
 * held the server for 52 s in one request, which the rate limit counts once. With the fields
 * they select (1 each), a request holds at most 4 computed answers (a compliance status, a
 * calendar, a register, an exposure, an order with its exposure, any answer "as of" a moment,
 * each folded or computed whole), 19 commands, about 45 reads of a page or a record, or a mix.
 */
export const COST = { computed: 100, read: 10, command: 25 } as const;

/** A root field's GraphQL options with its cost (see COST). */
export const costing = <O extends object>(options: O, complexity: number) => ({ ...options, complexity });

/** Refuses queries nested deeper than `max` (fragments followed). */
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depth = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let deepest = 0;
      for (const s of set.selections) {
        if (s.kind === Kind.FIELD) deepest = Math.max(deepest, s.selectionSet ? 1 + depth(s.selectionSet, seen) : 0);
        else if (s.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depth(s.selectionSet, seen));
        else if (s.kind === Kind.FRAGMENT_SPREAD && !seen.has(s.name.value)) deepest = Math.max(deepest, depth(fragments.get(s.name.value)?.selectionSet, new Set([...seen, s.name.value])));
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const d = depth(node.selectionSet, new Set());
        if (d > max) {
          context.reportError(new GraphQLError(`Query is nested ${d} levels deep; the limit is ${max}`, { nodes: [node], extensions: { code: 'QUERY_TOO_DEEP', vigieCode: 'QUERY_TOO_DEEP', depth: d, limit: max } }));
        }
      },
    };
  };
}

/**
 * Vigie's schema has queries and mutations; a subscription operation is refused while the
 * document is validated (GraphQL itself would only fail it at execution, as a server error).
 */
export function noSubscriptions(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.operation !== 'subscription') return;
      context.reportError(
        new GraphQLError('Vigie offers no GraphQL subscriptions: query, or receive webhooks', { nodes: [node], extensions: { code: 'SUBSCRIPTIONS_NOT_OFFERED', vigieCode: 'SUBSCRIPTIONS_NOT_OFFERED' } }),
      );
    },
  };
}
