import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetOrganizationHandler } from './application/get-organization/get-organization.handler';
import { ChangeOrganizationProfileHandler } from './application/change-profile/change-profile';
import { ConfigureRemindersHandler } from './application/configure-reminders/configure-reminders';
import { RegisterOrganizationHandler } from './application/register-organization/register-organization.handler';

@Module({
  imports: [CqrsModule],
  providers: [RegisterOrganizationHandler, ChangeOrganizationProfileHandler, ConfigureRemindersHandler, GetOrganizationHandler],
})
export class OrganizationsModule {}
