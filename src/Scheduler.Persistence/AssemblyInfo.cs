namespace Scheduler.Persistence;
