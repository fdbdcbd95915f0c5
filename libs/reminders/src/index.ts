export * from './domain/reminders';
export * from './application/reminder-scheduler';
