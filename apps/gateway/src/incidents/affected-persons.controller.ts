import { CommandContext } from '@app/event-store';
import { CommandResult, RecordIncidentFactCommand } from '@app/incidents';
import { Clock, CLOCK } from '@app/kernel';
import { AffectedPersonsPage, ListAffectedPersonsQuery, PersonVault } from '@app/privacy';
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Access, read, write } from '../auth/auth.decorators';
import { Ctx } from '../http/request-context';
import { NestedObjects } from '../http/validators';
import { UuidParam } from '../http/uuid-param';
import { Doc } from '../http/openapi';
import { PageDto, pageRequest } from '../http/read-query.dto';
import { both } from '../http/bilingual';

export class AffectedPersonDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) postalAddress?: string;
}

export class RecordAffectedPersonsDto {
  @ApiProperty({
    type: [AffectedPersonDto],
    maxItems: 5000,
    description: both(
      'At most 5,000 a request, and the body within BODY_LIMIT (256 KB by default: some 2,000 persons with name, email, phone and address); send a longer list in several requests',
      'Au plus 5 000 par requête, et le corps dans la limite BODY_LIMIT (256 Ko par défaut : quelque 2 000 personnes avec nom, courriel, téléphone et adresse); envoyez une liste plus longue en plusieurs requêtes',
    ),
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(5000)
  @NestedObjects(() => AffectedPersonDto)
  persons!: AffectedPersonDto[];
}

export class ForgetPersonDto {
  @ApiProperty({ description: both('Why (e.g. the person’s request)', 'Pourquoi (p. ex. la demande de la personne)') }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

const INCIDENT = { from: 'incident', param: 'id' } as const;

/** Contact lists for notices: encrypted per person; "forget" deletes the person's key (crypto-shredding). */
@ApiTags('incidents')
@Controller('api/v1/incidents/:id/affected-persons')
export class AffectedPersonsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly vault: PersonVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @Access(write(INCIDENT))
  @Doc('Record affected persons’ contact details (encrypted per person)', 'Consigner les coordonnées des personnes concernées (chiffrées par personne)')
  async record(@UuidParam('id') id: string, @Body() d: RecordAffectedPersonsDto, @Ctx() ctx: CommandContext): Promise<CommandResult & { personIds: string[] }> {
    const sealed = [];
    for (const p of d.persons) sealed.push(await this.vault.seal({ ...p }, this.clock.now()));
    try {
      const r = await this.commands.execute<RecordIncidentFactCommand, CommandResult>(new RecordIncidentFactCommand(id, { type: 'RecordAffectedPersons', persons: sealed }, ctx));
      return { ...r, personIds: sealed.map((s) => s.personId) };
    } catch (e) {
      for (const s of sealed) await this.vault.forget(s.personId); // nothing recorded: leave no key behind
      throw e;
    }
  }

  @Get()
  @Access(read(INCIDENT))
  @Doc('Affected persons of an incident, a page at a time in the order recorded (forgotten ones redacted)', 'Personnes concernées par un incident, une page à la fois dans l’ordre où elles ont été consignées (les oubliées masquées)')
  list(@UuidParam('id') id: string, @Query() q: PageDto): Promise<AffectedPersonsPage> {
    return this.queries.execute(new ListAffectedPersonsQuery(id, pageRequest(q)));
  }

  /** The key goes first (the person's right comes first); the event then records who forgot whom, when and why. */
  @Post(':personId/forget')
  @HttpCode(201)
  @Access(write(INCIDENT))
  @Doc('Forget a person: delete their key, keep history verifiable', 'Oublier une personne : supprimer sa clé, garder l’historique vérifiable')
  async forget(@UuidParam('id') id: string, @UuidParam('personId') personId: string, @Body() d: ForgetPersonDto, @Ctx() ctx: CommandContext) {
    await this.vault.forget(personId);
    return this.commands.execute(new RecordIncidentFactCommand(id, { type: 'ForgetPerson', personId, reason: d.reason }, ctx));
  }
}
