import { maxHeaderSize } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, getSchemaPath, OpenAPIObject } from '@nestjs/swagger';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ParameterObject = Extract<NonNullable<OperationObject['parameters']>[number], { in: string }>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;

/**
 * The OpenAPI document says what the gateway does, in both languages: every operation's
 * summary ("English / français"), what it answers, and the problems it may answer with.
 *
 * The problems come from behaviour every route shares, installed once (the auth guard, the
 * rate limit, the validation pipe, the body parser, the idempotency interceptor, the
 * problem filter), so they are documented once, here, by the kind of route: the fuzz suite
 * checks that every status a route answers is one its operation documents.
 */

/** An operation's summary in English and French, and optionally what it does in more words. */
export const Doc = (en: string, fr: string, description?: { en: string; fr: string }) =>
  ApiOperation({ summary: `${en} / ${fr}`, ...(description ? { description: `${description.en}\n\n${description.fr}` } : {}) });

/** A command answered with the stream's id, revision and the global position written (`CommandResultDto`). */
export const DocCommand = (en: string, fr: string, options: { ifMatch?: boolean; description?: { en: string; fr: string } } = {}) =>
  applyDecorators(
    Doc(en, fr, options.description),
    ApiExtension(RESULT_EXTENSION, 'CommandResultDto'),
    ...(options.ifMatch
      ? [ApiHeader({ name: 'If-Match', required: false, description: 'The revision you read, e.g. "3": 409 if someone wrote since ("*" or none: any) / La révision lue, p. ex. "3" : 409 si quelqu’un a écrit depuis (« * » ou rien : n’importe laquelle)' })]
      : []),
  );

const RESULT_EXTENSION = 'x-vigie-result';

export class CommandResultDto {
  @ApiProperty({ description: 'The record’s id / L’identifiant de l’enregistrement' }) id!: string;
  @ApiProperty({ description: 'Stream revision after the command / Révision du flux après la commande', type: Number }) revision!: number;
  @ApiProperty({
    description: 'Global position written; send it back as X-Min-Position to read your own write / Position globale écrite; à renvoyer en X-Min-Position pour lire sa propre écriture',
    type: Number,
    nullable: true,
  })
  position!: number | null;
}

export class FieldViolationDto {
  @ApiProperty({ example: 'persons.count', description: 'The field, as a path / Le champ, en chemin' }) field!: string;
  @ApiProperty({ example: 'min', description: 'The rule it breaks / La règle enfreinte' }) rule!: string;
  @ApiProperty({ example: 'persons.count must not be less than 0', description: 'In the language asked for / Dans la langue demandée' }) message!: string;
}

/** RFC 9457 problem details, as the problem filter writes them. */
export class ProblemDto {
  @ApiProperty({ example: 'https://vigie.example/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Invalid request', description: 'In the language asked for (Accept-Language or ?lang=fr|en) / Dans la langue demandée' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable, for programs / Stable, pour les programmes' }) code!: string;
  @ApiProperty({ example: 'Invalid data: persons.count (persons.count must not be less than 0)' }) detail!: string;
  @ApiProperty({ example: '/api/v1/incidents' }) instance!: string;
  @ApiPropertyOptional({ type: [FieldViolationDto], description: 'Each field and the rule it breaks (400) / Chaque champ et la règle enfreinte (400)' }) errors?: FieldViolationDto[];
}

/** Why each problem status may come, in both languages. */
const PROBLEMS: Record<number, string> = {
  400: 'A field, parameter or header breaks a rule (each is named in `errors`) / Un champ, un paramètre ou un en-tête enfreint une règle (chacun est nommé dans `errors`)',
  401: 'No valid Bearer token or API key / Aucun jeton Bearer ni clé d’API valide',
  403: 'The role or the organizations of the caller do not allow it / Le rôle ou les organisations de l’appelant ne le permettent pas',
  404: 'No such record (or not one the caller may see) / Enregistrement inexistant (ou que l’appelant ne peut voir)',
  409: 'Someone wrote since the revision in If-Match, or the same Idempotency-Key is still running / Quelqu’un a écrit depuis la révision de If-Match, ou la même clé d’idempotence est en cours',
  413: 'The body is larger than the limit / Le corps dépasse la limite',
  415: 'The body is not application/json / Le corps n’est pas en application/json',
  422: 'A rule of the domain refuses it, or the Idempotency-Key was used for another request / Une règle du domaine le refuse, ou la clé d’idempotence a servi à une autre requête',
  429: 'Too many requests from this client; see Retry-After / Trop de requêtes de ce client; voir Retry-After',
  431: `The request’s headers exceed ${maxHeaderSize / 1024} KB in all / Les en-têtes de la requête dépassent ${maxHeaderSize / 1024} Ko en tout`,
  503: 'The store or the read models cannot be reached, or are behind X-Min-Position, or the store cannot write (its disk full, read-only); retry after Retry-After / Le magasin ou les vues sont injoignables, ou en retard sur X-Min-Position, ou le magasin ne peut écrire (disque plein, lecture seule); réessayer après Retry-After',
};

const COMMAND_PROBLEMS = [400, 401, 403, 404, 409, 413, 415, 422, 429, 431, 503];
const QUERY_PROBLEMS = [400, 401, 403, 404, 429, 431, 503];
const PUBLIC_PROBLEMS = [429, 431];

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Retrying with the same key replays the first answer (Idempotent-Replayed: true) and writes nothing twice / Réessayer avec la même clé rejoue la première réponse et n’écrit rien deux fois',
  schema: { type: 'string', maxLength: 200 },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A read can answer 404 when it names a record: in its path, or an organization in its query. (A command always can: its body may name one.) */
const namesARecord = (path: string, op: OperationObject): boolean =>
  path.includes('{') || (op.parameters ?? []).some((p) => 'in' in p && p.in === 'query' && p.name === 'organizationId');

/** Adds to the document what every route shares: its problems, the Idempotency-Key of commands, the API key as a second scheme. */
export function documentSharedBehaviour(document: OpenAPIObject): OpenAPIObject {
  const problem = { $ref: getSchemaPath(ProblemDto) };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (OperationObject & { [RESULT_EXTENSION]?: string }) | undefined;
      if (!op) continue;
      const result = op[RESULT_EXTENSION];
      delete op[RESULT_EXTENSION];
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      for (const [, response] of success) {
        const r = response as ResponseObject;
        if (result) r.content = { 'application/json': { schema: { $ref: `#/components/schemas/${result}` } } };
        if (!r.description) r.description = 'Done / Fait';
      }
      const secured = (op.security ?? []).length > 0;
      if (secured) op.security = [...(op.security ?? []), { apiKey: [] }];
      const command = method !== 'get' && secured;
      if (command) op.parameters = [...(op.parameters ?? []), IDEMPOTENCY_KEY];
      const statuses = !secured ? PUBLIC_PROBLEMS : command ? COMMAND_PROBLEMS : QUERY_PROBLEMS;
      for (const status of statuses) {
        if (status === 404 && !command && !namesARecord(path, op)) continue;
        if (op.responses[status]) continue;
        op.responses[status] = { description: PROBLEMS[status], content: { 'application/problem+json': { schema: problem } } };
      }
    }
  }
  return document;
}
