import { CommandContext } from '@app/event-store';
import { Clock, CLOCK } from '@app/kernel';
import { CommandResult, ConfigureRemindersCommand } from '@app/organizations';
import { ListRemindersQuery } from '@app/projections';
import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Access, adminOnly, read, write } from '../auth/auth.decorators';
import { IfMatchRevision } from '../http/if-match';
import { ReadYourWrites } from '../http/read-your-writes';
import { pageRequest } from '../http/read-query.dto';
import { Ctx } from '../http/request-context';
import { UuidParam } from '../http/uuid-param';
import { ReminderService } from './reminder.service';
import { ReminderListQueryDto, ReminderSettingsDto, toReminderSettings } from './reminders.dto';
import { Doc, DocCommand } from '../http/openapi';

const ORG = { from: 'param', name: 'id' } as const;

/** Reminders: each organization's settings, the reminders recorded (also sent as signed webhooks), and a pass on demand. */
@ApiTags('reminders')
@Controller('api/v1')
export class RemindersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly reminders: ReminderService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put('organizations/:id/reminder-settings')
  @Access(write(ORG))
  @DocCommand('Set the organization’s reminder lead times and recipients', 'Régler les délais et destinataires des rappels de l’organisation', { ifMatch: true })
  configure(@UuidParam('id') id: string, @Body() d: ReminderSettingsDto, @Ctx() ctx: CommandContext, @IfMatchRevision() rev?: number): Promise<CommandResult> {
    return this.commands.execute(new ConfigureRemindersCommand(id, toReminderSettings(d), this.clock.now().toISOString(), ctx, rev));
  }

  @Get('organizations/:id/reminders')
  @Access(read(ORG))
  @ReadYourWrites()
  @Doc('Reminders recorded for the organization', 'Rappels consignés pour l’organisation')
  list(@UuidParam('id') id: string, @Query() q: ReminderListQueryDto) {
    return this.queries.execute(new ListRemindersQuery(id, { trigger: q.trigger ? [q.trigger] : undefined }, pageRequest(q)));
  }

  @Post('reminders/runs')
  @HttpCode(200)
  @Access(adminOnly)
  @Doc('Record the reminders owed now (never twice)', 'Consigner les rappels dus maintenant (jamais deux fois)')
  run() {
    return this.reminders.run();
  }
}
