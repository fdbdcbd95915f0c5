import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetOrganizationHandler } from './application/get-organization/get-organization.handler';
import { RegisterOrganizationHandler } from './application/register-organization/register-organization.handler';

@Module({
  imports: [CqrsModule],
  providers: [RegisterOrganizationHandler, GetOrganizationHandler],
})
export class OrganizationsModule {}
