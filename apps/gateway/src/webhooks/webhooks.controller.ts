import type { Principal } from '@app/auth';
import { DeliveryStatus, nonPublicAddress, WebhookRegistry } from '@app/delivery';
import { Clock, CLOCK, DomainError } from '@app/kernel';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ListDeliveriesQuery, PROJECTION_RUNNER, ProjectionRunner, READ_MODEL_DB, ReadModelDb } from '@app/projections';
import { QueryBus } from '@nestjs/cqrs';
import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsUrl, IsUUID } from 'class-validator';
import { Access, adminOnly, CurrentPrincipal, read } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { APP_CONFIG, AppConfig } from '../config/config';
import { PageDto, pageRequest, ReadQueryDto } from '../http/read-query.dto';
import { readModelsAtHead } from '../http/read-your-writes';
import { OutboxService } from './outbox.service';
import { Doc } from '../http/openapi';
import { both } from '../http/bilingual';
import { UuidParam } from '../http/uuid-param';

export class RegisterWebhookDto {
  @ApiProperty({ example: 'https://regulator.example/vigie-hook' })
  @IsUrl({ require_tld: false, protocols: ['https', 'http'], require_protocol: true })
  url!: string;

  @ApiPropertyOptional({ type: [String], description: both('Default: every organization in your scope', 'Par défaut : toutes les organisations de votre périmètre') })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  organizationIds?: string[];

  @ApiProperty({ enum: ['law25-register', 'compliance-status', 'reminder'], isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(['law25-register', 'compliance-status', 'reminder'], { each: true })
  kinds!: string[];

  @ApiProperty({ enum: ['daily', 'on_demand'] }) @IsIn(['daily', 'on_demand']) schedule!: 'daily' | 'on_demand';
}

export class DeliveriesQueryDto extends PageDto {
  @ApiPropertyOptional({ enum: ['pending', 'delivered', 'dead', 'cancelled'] }) @IsOptional() @IsIn(['pending', 'delivered', 'dead', 'cancelled']) status?: DeliveryStatus;
}

/** Webhook subscriptions: signed pushes (Standard Webhooks) of snapshots and reminders, for the organizations in the caller's scope. */
/**
 * In production a webhook reaches public addresses only: a token holder must not make
 * Vigie post to its own machine, its private network or a cloud metadata service.
 */
async function refuseNonPublic(url: string): Promise<void> {
  const host = new URL(url).hostname;
  let address: string | null;
  try {
    address = await nonPublicAddress(url);
  } catch {
    throw DomainError.validation([{ field: 'url', rule: 'resolvable', message: { en: `the host ${host} does not resolve`, fr: `l’hôte ${host} est introuvable` } }]);
  }
  if (address) {
    const literal = host.replace(/^\[(.*)\]$/, '$1') === address;
    const what = { en: literal ? address : `${host} is ${address}`, fr: literal ? address : `${host} est ${address}` };
    throw DomainError.validation([
      {
        field: 'url',
        rule: 'publicDestination',
        message: { en: `must reach a public address (${what.en}: loopback, private or link-local)`, fr: `doit mener à une adresse publique (${what.fr} : bouclage, réseau privé ou lien local)` },
      },
    ]);
  }
}

const noSuchWebhook = (id: string) => DomainError.notFound('WEBHOOK_NOT_FOUND', { en: `You have no webhook ${id}`, fr: `Vous n’avez pas de webhook ${id}` });

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scope: ScopeService,
    private readonly outbox: OutboxService,
    private readonly queries: QueryBus,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Access(read({ from: 'none' }))
  @Doc('Register a webhook for the caller’s snapshots (regulators)', 'Inscrire un webhook pour les instantanés de l’appelant (autorités)')
  async register(@Body() d: RegisterWebhookDto, @CurrentPrincipal() p: Principal) {
    if (d.url.startsWith('http://') && this.config.NODE_ENV === 'production') {
      throw DomainError.validation([{ field: 'url', rule: 'https', message: { en: 'must use https in production', fr: 'doit utiliser https en production' } }]);
    }
    if (this.config.NODE_ENV === 'production') await refuseNonPublic(d.url);
    const scope = await this.scope.orgs(p);
    const wanted = d.organizationIds?.map((o) => o.toLowerCase());
    const outside = wanted && scope ? wanted.filter((o) => !scope.includes(o)) : [];
    if (outside.length) throw new DomainError('FORBIDDEN', 'forbidden', { en: `Outside your scope: ${outside.join(', ')}`, fr: `Hors de votre périmètre : ${outside.join(', ')}` });
    const hook = await new WebhookRegistry(this.db).register({ owner: p.sub, url: d.url, orgs: wanted ?? scope ?? '*', kinds: d.kinds, schedule: d.schedule }, this.clock.now());
    return { ...hook, note: { en: 'Keep the secret: it is shown only once and signs every push (Standard Webhooks).', fr: 'Conservez le secret : il n’est affiché qu’une fois et signe chaque envoi (Standard Webhooks).' } };
  }

  @Get()
  @Access(read({ from: 'none' }))
  @Doc('The caller’s webhooks', 'Les webhooks de l’appelant')
  mine(@CurrentPrincipal() p: Principal, @Query() _q: ReadQueryDto) {
    return new WebhookRegistry(this.db).byOwner(p.sub);
  }

  /** Removes one of the caller's webhooks (an admin: anyone's), its secret with it; what was still owed to it is cancelled. */
  @Delete(':id')
  @HttpCode(204)
  @Access(read({ from: 'none' }))
  @Doc('Remove one of the caller’s webhooks: nothing more is sent to it', 'Retirer un webhook de l’appelant : plus rien ne lui est envoyé')
  async remove(@UuidParam('id') id: string, @CurrentPrincipal() p: Principal): Promise<void> {
    const registry = await this.ownWebhook(id, p);
    if (!(await registry.remove(id))) throw noSuchWebhook(id);
    await this.outbox.worker.cancelFor(id, p.sub);
  }

  /** A new signing secret for one of the caller's webhooks (an admin: anyone's), shown once: the old one stops signing at once, retries included. */
  @Post(':id/secret')
  @HttpCode(201)
  @Access(read({ from: 'none' }))
  @Doc('Rotate one of the caller’s webhook secrets (shown once)', 'Renouveler le secret d’un webhook de l’appelant (affiché une seule fois)')
  async rotate(@UuidParam('id') id: string, @CurrentPrincipal() p: Principal) {
    const rotated = await (await this.ownWebhook(id, p)).rotateSecret(id);
    if (!rotated) throw noSuchWebhook(id);
    return { ...rotated, note: { en: 'Keep the new secret: it is shown only once; the old one no longer signs.', fr: 'Conservez le nouveau secret : il n’est affiché qu’une fois; l’ancien ne signe plus.' } };
  }

  /** The registry, once the webhook is known to be the caller's (or the caller an admin): another caller's is as unknown as one that does not exist. */
  private async ownWebhook(id: string, p: Principal): Promise<WebhookRegistry> {
    const registry = new WebhookRegistry(this.db);
    if (p.role !== 'admin' && !(await registry.byOwner(p.sub)).some((h) => h.id === id)) throw noSuchWebhook(id);
    return registry;
  }

  /** The caller's deliveries; `status=dead` is the dead-letter list. */
  @Get('deliveries')
  @Access(read({ from: 'none' }))
  @Doc('Deliveries, newest first, a page at a time: pending, delivered, dead-lettered and cancelled', 'Livraisons, les plus récentes d’abord, une page à la fois : en attente, livrées, en échec définitif et annulées')
  async deliveries(@Query() q: DeliveriesQueryDto, @CurrentPrincipal() p: Principal) {
    const hooks = p.role === 'admin' ? undefined : (await new WebhookRegistry(this.db).byOwner(p.sub)).map((h) => h.id);
    // An operator checks what a pass just did: the list is read once the read models hold the log as it stands.
    await readModelsAtHead(this.runner, this.store);
    return this.queries.execute(new ListDeliveriesQuery({ webhookIds: hooks, status: q.status ? [q.status] : undefined }, pageRequest(q)));
  }

  /** Runs a delivery pass now (and the daily snapshots, if asked): for operators. */
  @Post('runs')
  @HttpCode(200)
  @Access(adminOnly)
  @Doc('Run a delivery pass now (and the daily snapshots if asked)', 'Exécuter une passe de livraison maintenant (et les instantanés quotidiens si demandé)')
  async runNow(@Query('daily') daily?: string) {
    const published = daily === 'true' ? await this.outbox.publishScheduled() : 0;
    return { published, ...(await this.outbox.worker.tick()) };
  }
}
