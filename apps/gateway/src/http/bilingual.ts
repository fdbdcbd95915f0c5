/** A description in English and French, as the GraphQL schema and the OpenAPI document write them: "English / français". */
export const both = (en: string, fr: string) => `${en} / ${fr}`;

/** The options of a query, a mutation or a type with its description in both languages. */
export const say = (en: string, fr: string) => ({ description: both(en, fr) });
