export * from './domain/organization';
export * from './application/register-organization/register-organization.command';
export * from './application/get-organization/get-organization.query';
export type { OrganizationView } from './application/get-organization/get-organization.handler';
export { OrganizationsModule } from './organizations.module';
export * from './application/configure-reminders/configure-reminders';
export * from './application/change-profile/change-profile';
