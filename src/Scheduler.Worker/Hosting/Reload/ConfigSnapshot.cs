using Scheduler.Domain.Configuration;
using Scheduler.Domain.WorkingDays;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Configuration;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Hosting.Reload;

/// <summary>
/// One reading of the config folder as the worker needs it: the YAML configuration, the working-day calendar (the
/// shipped bank holidays, or <c>bank-holidays.json</c> in the folder) and the email templates, with every problem
/// found in any of them. Only a reading without problems is ever put in force.
/// </summary>
/// <param name="Configuration">The configuration; null when the YAML has problems.</param>
/// <param name="Calendar">The working-day calendar; null when it could not be made.</param>
/// <param name="Problems">Every problem, each at its file, line and column.</param>
internal sealed record ConfigSnapshot(EstateConfiguration? Configuration, WorkingDayCalendar? Calendar, IReadOnlyList<ConfigProblem> Problems)
{
    /// <summary>True when there is nothing wrong and the snapshot can be put in force.</summary>
    public bool IsValid => Problems.Count == 0 && Configuration is not null && Calendar is not null;

    /// <summary>
    /// The templates' warnings (<see cref="TemplateRenderer.TemplateWarnings"/>:
    /// what a template lost that the product relies on but no send can notice, as <c>validate</c> prints them), found only
    /// for a valid reading; empty otherwise. They never stop a reading being put in force: the worker logs each (event 4015)
    /// when it starts and when it reloads.
    /// </summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];

    /// <summary>Reads <paramref name="configDirectory"/> and the templates in <paramref name="templatesDirectory"/> (skipped when that folder does not exist).</summary>
    public static ConfigSnapshot Load(string configDirectory, string templatesDirectory)
    {
        var loaded = ConfigLoader.Load(configDirectory);
        var problems = loaded.Problems.ToList();
        WorkingDayCalendar? calendar = null;
        if (loaded.Configuration is { } config && Workspace.LoadBankHolidays(configDirectory, problems) is { } catalog)
        {
            calendar = catalog.Calendar(config.Organisation.BankHolidays);
        }

        if (Directory.Exists(templatesDirectory))
        {
            problems.AddRange(TemplateRenderer.ValidateTemplates(templatesDirectory));
        }

        var snapshot = new ConfigSnapshot(loaded.Configuration, calendar, problems);
        return snapshot.IsValid && Directory.Exists(templatesDirectory)
            ? snapshot with { Warnings = TemplateRenderer.TemplateWarnings(templatesDirectory, loaded.Configuration) }
            : snapshot;
    }
}
