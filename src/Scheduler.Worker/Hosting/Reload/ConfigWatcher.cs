using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Scheduler.Worker.Cli;
using Scheduler.Worker.Hosting.Jobs;
using Scheduler.Worker.Hosting.Logging;
using Scheduler.Worker.Hosting.Settings;

namespace Scheduler.Worker.Hosting.Reload;

/// <summary>
/// Watches the config folder (YAML, <c>bank-holidays.json</c>) and the templates folder. After a change, once the
/// folders have been quiet for <c>Scheduler:ReloadDelay</c>, reads them again: a valid reading is put in force and,
/// when it changes what is planned, generate is triggered (its run logs the plan summary), and each of its template
/// warnings is logged after its line (event 4015, as <c>validate</c> prints them: the reading is in force all the same); an invalid one is
/// rejected with every problem logged, the configuration in force stays, and readiness reports degraded until the
/// folder is fixed.
/// </summary>
internal sealed class ConfigWatcher(
    ConfigLocation location,
    LiveConfiguration configuration,
    ISchedulerFactory schedulers,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<ConfigWatcher> logger) : BackgroundService
{
    private readonly Channel<string> _changes = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Raised after each reading of the folder (valid or not) has been dealt with; tests wait on it.</summary>
    public event EventHandler<ConfigSnapshot>? Reloaded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchers = new List<FileSystemWatcher>();
        try
        {
            watchers.Add(Watch(location.ConfigDirectory));
            if (!IsInside(location.TemplatesDirectory, location.ConfigDirectory) && Directory.Exists(location.TemplatesDirectory))
            {
                watchers.Add(Watch(location.TemplatesDirectory));
            }

            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Debounce: wait until nothing has changed for a whole ReloadDelay.
                while (_changes.Reader.TryRead(out _))
                {
                    await Task.Delay(options.Value.ReloadDelay, time, stoppingToken).ConfigureAwait(false);
                }

                await ReloadAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            foreach (var watcher in watchers)
            {
                watcher.Dispose();
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        ConfigSnapshot snapshot;
        try
        {
            snapshot = ConfigSnapshot.Load(location.ConfigDirectory, location.TemplatesDirectory);
        }
        catch (IOException e)
        {
            // A file held open by an editor mid-save; the watcher will see its next write.
            logger.ConfigReadFailed(e);
            return;
        }

        var previous = configuration.Configuration.Version;
        if (configuration.Offer(snapshot))
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            await GenerateSchedule.ScheduleOrReplaceAsync(
                scheduler, GenerateSchedule.Once(GenerateSchedule.AfterConfigChange, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            logger.ConfigReloaded(previous, snapshot.Configuration!.Version, GenerateSchedule.AfterConfigChange.ToString());
            logger.TemplateWarnings(snapshot);
        }
        else if (snapshot.IsValid)
        {
            logger.ConfigUnchanged(previous);
            logger.TemplateWarnings(snapshot);
        }
        else
        {
            logger.ConfigRejected(snapshot.Problems.Count, previous);
            foreach (var problem in snapshot.Problems)
            {
                logger.ConfigProblem(problem.Location.File, problem.Location.Line, problem.Location.Column, problem.ToString());
            }
        }

        Reloaded?.Invoke(this, snapshot);
    }

    private FileSystemWatcher Watch(string directory)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Deleted += OnChange;
        watcher.Renamed += (_, e) =>
        {
            if (Relevant(e.OldFullPath) || Relevant(e.FullPath))
            {
                _changes.Writer.TryWrite(e.FullPath);
            }
        };
        watcher.Error += (_, _) => _changes.Writer.TryWrite(directory); // the buffer overflowed: re-read everything
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnChange(object sender, FileSystemEventArgs e)
    {
        if (Relevant(e.FullPath))
        {
            _changes.Writer.TryWrite(e.FullPath);
        }
    }

    /// <summary>The files a reading depends on: YAML directly in the config folder, the bank-holiday feed, templates.</summary>
    private bool Relevant(string path)
    {
        var directory = Path.GetDirectoryName(path);
        var name = Path.GetFileName(path);
        if (IsInside(path, location.TemplatesDirectory))
        {
            return name.EndsWith(".sbn", StringComparison.Ordinal);
        }

        return string.Equals(directory, location.ConfigDirectory, StringComparison.Ordinal)
            && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal)
                || string.Equals(name, Workspace.BankHolidayFile, StringComparison.Ordinal));
    }

    private static bool IsInside(string path, string directory) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
