using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Demo;

/// <summary>
/// One report the simulated contractors send (<see cref="CompletionSimulation.ChooseAsync"/>): the report, whether it is
/// of a repair, and whether that repair was done after its SLA deadline.
/// </summary>
internal sealed record SimulatedReport(CompletionReport Report, bool Repair, bool Late);
